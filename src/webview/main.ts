// The chat panel's entry point; filled by issue 4.
export {};
