// Temporary until the CLI lands (issue 3).
console.error('aiml-claude: not built yet');
process.exit(1);
