// `npm run dev -- <command> [flags]`: runs the CLI straight from src/ through the tsx loader,
// for development without a rebuild. Processes it starts (router, machines) run dist/.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
