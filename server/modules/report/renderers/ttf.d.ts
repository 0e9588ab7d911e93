/** `import path from "x.ttf" with { type: "file" }`: Bun gives the file's path (inside the binary when compiled). */
declare module "*.ttf" {
  const path: string;
  export default path;
}
