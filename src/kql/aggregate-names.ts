/** Names of the aggregation functions that `summarize` accepts. */
export const aggregateFunctionNames: ReadonlySet<string> = new Set([
  "count",
  "countif",
  "dcount",
  "min",
  "max",
  "sum",
  "avg",
  "make_set",
  "make_list",
  "arg_max",
  "arg_min",
]);
