// Preloaded into a benchmarked process: prints its peak resident memory on exit, so the bench
// reads the whole process's figure without an external tool.
process.on('exit', () => {
  process.stderr.write(`\npeak-rss-kb ${process.resourceUsage().maxRSS}\n`);
});
