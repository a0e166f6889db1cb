export async function summarizeRun(runDir: string): Promise<void> {
  process.stdout.write(`\nrun directory: ${runDir}\n`);
}
