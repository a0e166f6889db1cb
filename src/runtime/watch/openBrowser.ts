// Opens a URL in the user's default browser (xdg-open, open, or start), detached; if there is
// none (a server, a container) nothing happens: the URL is printed anyway.
import { spawn } from "node:child_process";

export function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === "darwin"
      ? ["open", [url]]
      : process.platform === "win32"
        ? ["cmd", ["/c", "start", "", url]]
        : ["xdg-open", [url]];
  try {
    const child = spawn(command, args, { detached: true, stdio: "ignore" });
    child.on("error", () => {});
    child.unref();
  } catch {
    // No browser to open: the printed URL is enough.
  }
}
