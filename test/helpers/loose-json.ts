/**
 * A JSON value that tests edit freely (any property path, any value): they build invalid inputs on
 * purpose, which no precise type allows. The one `any` of the repository, confined to tests.
 */
// biome-ignore lint/suspicious/noExplicitAny: tests write arbitrary, deliberately invalid values into cloned fixtures
export type LooseJson = any;
