export { DAILY_USAGE_KEY, DailyUsage, localDateKey, type DailyUsageState } from './daily';
export { describeUsage, formatUsageLine, formatUsd, usageParts } from './format';
export { meterUsage } from './meter';
export { usageFromReport, type UsageReport } from './report';
export { checkSpend, parseSpendWarning, spendMessage, spendWarningHint, type SpendCheck, type SpendLimit } from './spendWarning';
export { addUsage, NO_USAGE } from './sum';
export { spentSoFar } from './conversation';
