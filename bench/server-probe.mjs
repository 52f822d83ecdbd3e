/**
 * Preloaded into a benchmarked server process (`node --import ./bench/server-probe.mjs ...`), whichever tree it runs
 * from (the current one, the base commit, the bare echo server): answers the bench's IPC requests with the process's
 * own figures, so every server is measured the same way without changing its code.
 * Plain JavaScript on purpose: the base tree must load it as it is.
 */
import { readdirSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setInterval } from 'node:timers';

if (process.send) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let cpuFrom = process.cpuUsage();
  let peakRss = 0;
  let peakFds = 0;
  const fds = () => {
    try {
      return readdirSync('/proc/self/fd').length;
    } catch {
      return -1;
    }
  };
  const sample = () => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    peakFds = Math.max(peakFds, fds());
  };
  setInterval(sample, 250).unref();
  process.on('message', (message) => {
    if (!message || typeof message !== 'object' || !('probe' in message)) return;
    sample();
    const cpu = process.cpuUsage(cpuFrom);
    const reply = {
      probe: message.probe,
      cpuMs: (cpu.user + cpu.system) / 1000,
      eventLoopP99Ms: delay.percentile(99) / 1e6,
      eventLoopMaxMs: delay.max / 1e6,
      peakRssMb: peakRss / 1024 ** 2,
      peakFds,
      fds: fds(),
    };
    if (message.reset) {
      delay.reset();
      cpuFrom = process.cpuUsage();
      peakRss = 0;
      peakFds = 0;
    }
    process.send(reply);
  });
  // The bench going away (crash, Ctrl-C) must not leave servers behind.
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
