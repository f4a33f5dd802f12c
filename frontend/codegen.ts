import type { CodegenConfig } from "@graphql-codegen/cli";

// Operation types come from the committed SDL, written by `iys export-schema` (make schema).
// After the API changes: `npm run codegen`, and commit src/gql with the SDL.
const config: CodegenConfig = {
  schema: "../schema/schema.graphql",
  documents: ["src/**/*.{ts,tsx}", "!src/gql/**/*"],
  ignoreNoDocuments: false,
  generates: {
    "./src/gql/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: "string", Date: "string", JSON: "unknown", Upload: "File" },
        avoidOptionals: { field: true, inputValue: false, object: true },
        defaultScalarType: "unknown",
      },
    },
  },
};
export default config;
