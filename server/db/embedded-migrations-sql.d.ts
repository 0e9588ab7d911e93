/** `import text from "./x.sql" with { type: "text" }`: Bun gives the file's content as a string. */
declare module "*.sql" {
  const text: string;
  export default text;
}
