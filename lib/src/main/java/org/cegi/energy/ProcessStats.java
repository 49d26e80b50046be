package org.cegi.energy;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cegi.internal.Check;

/**
 * CPU time and resident memory of a process (this JVM) or of a whole process tree (a command run by
 * {@code cegi measure}); the inputs of the CPU estimate and the RAM model.
 *
 * <p>Process trees are read from {@code /proc/<pid>/stat} (utime + stime of the root and every live descendant,
 * clock ticks of 1/100 s). Limits: a descendant is seen only while it lives, so a process that starts and ends
 * between two samples is missed and the CPU time of a descendant after its last sample is lost; orphans
 * re-parented outside the tree are lost. Sample often (10 Hz) for short-lived children. Resident memory is the
 * sum of the live members' RSS (shared pages are counted once per process).
 */
public interface ProcessStats {

  /** @return CPU time (user + system) used so far, in s; never decreases */
  double cpuSeconds();

  /** @return resident memory now, in bytes */
  long rssBytes();

  /** @return what is measured, for results ({@code jvm pid 123}, {@code process tree of pid 456}) */
  String describe();

  /** This JVM: CPU time from the OperatingSystemMXBean, RSS from {@code /proc/self/statm}. */
  static ProcessStats self() {
    return new Self(Path.of("/proc"));
  }

  /** A process and its descendants, read from {@code procRoot} ({@code /proc}; a temp tree in tests). */
  static ProcessStats tree(long pid, Path procRoot) {
    return new Tree(pid, procRoot, false);
  }

  /**
   * A child of this JVM and its descendants, as {@link #tree}, plus exact accounting once it has ended: when
   * the JVM reaps the child, the kernel adds the CPU time of the child and of every descendant reaped inside the
   * tree to this JVM's {@code cutime + cstime} ({@code /proc/self/stat}), as the shell's {@code time} reads it.
   * After the child ends the figure is the larger of the two. Other children of this JVM that end meanwhile
   * would be counted too; {@code cegi measure} has none.
   */
  static ProcessStats childTree(long pid, Path procRoot) {
    return new Tree(pid, procRoot, true);
  }

  /** Clock ticks per second of {@code /proc/<pid>/stat} times on Linux (USER_HZ). */
  int CLOCK_TICKS_PER_S = 100;

  /** Page size assumed for RSS in pages. */
  int PAGE_BYTES = 4096;

  /** The JVM itself. */
  final class Self implements ProcessStats {
    private final Path statm;
    private final OperatingSystemMXBean os;

    Self(Path procRoot) {
      this.statm = procRoot.resolve("self/statm");
      this.os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    }

    @Override
    public double cpuSeconds() {
      long ns = os.getProcessCpuTime();
      if (ns < 0) {
        throw new IllegalStateException("This JVM does not report its process CPU time "
            + "(OperatingSystemMXBean.getProcessCpuTime() = -1): the CPU estimate cannot be computed. Use RAPL.");
      }
      return ns / 1e9;
    }

    @Override
    public long rssBytes() {
      try {
        String[] f = Files.readString(statm).trim().split("\\s+");
        return Long.parseLong(f[1]) * PAGE_BYTES;
      } catch (IOException | RuntimeException e) {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory();
      }
    }

    @Override
    public String describe() {
      String pid = "jvm pid " + ProcessHandle.current().pid();
      return Files.isReadable(statm) ? pid
          : pid + "; no " + statm + ": the JVM's committed heap stands in for resident memory";
    }
  }

  /** A process tree read from {@code /proc}. */
  final class Tree implements ProcessStats {
    private final long root;
    private final Path proc;
    private final Map<Long, Long> ticksSeen = new HashMap<>();
    private final long reapedAtStart;
    private final boolean child;
    private long lastRss;
    private boolean ended;

    Tree(long root, Path proc, boolean child) {
      Check.positive("pid", root);
      this.root = root;
      this.proc = Check.notNull("procRoot", proc);
      this.child = child;
      this.reapedAtStart = child ? reapedTicks() : 0;
    }

    /** This JVM's cutime + cstime: CPU ticks of its reaped children and their reaped descendants. */
    private long reapedTicks() {
      try {
        String s = Files.readString(proc.resolve("self/stat"));
        String[] f = s.substring(s.lastIndexOf(')') + 2).trim().split("\\s+");
        return Long.parseLong(f[13]) + Long.parseLong(f[14]);
      } catch (IOException | RuntimeException e) {
        return -1;
      }
    }

    /** Parsed fields of one {@code /proc/<pid>/stat}. */
    record Stat(long pid, long ppid, long ticks, long rssPages) {}

    static Optional<Stat> stat(Path file) {
      try {
        String s = Files.readString(file);
        int close = s.lastIndexOf(')');
        long pid = Long.parseLong(s.substring(0, s.indexOf(' ')).trim());
        String[] f = s.substring(close + 2).trim().split("\\s+");
        // after "(comm) ": state=0 ppid=1 ... utime=11 stime=12 ... rss=21
        return Optional.of(new Stat(pid, Long.parseLong(f[1]), Long.parseLong(f[11]) + Long.parseLong(f[12]),
            Long.parseLong(f[21])));
      } catch (IOException | RuntimeException e) {
        return Optional.empty(); // the process ended while we read
      }
    }

    /** Reads every live member of the tree; updates the per-pid CPU ticks seen. */
    synchronized void refresh() {
      Map<Long, List<Stat>> children = new HashMap<>();
      Stat rootStat = null;
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(proc, p -> p.getFileName().toString().matches("\\d+"))) {
        for (Path p : ds) {
          Optional<Stat> st = stat(p.resolve("stat"));
          if (st.isEmpty()) {
            continue;
          }
          Stat s = st.get();
          if (s.pid() == root) {
            rootStat = s;
          }
          children.computeIfAbsent(s.ppid(), k -> new ArrayList<>()).add(s);
        }
      } catch (IOException e) {
        throw new IllegalStateException("Cannot list " + proc + " (" + e.getMessage()
            + "): process-tree CPU time needs Linux /proc.", e);
      }
      if (rootStat == null) {
        ended = true;   // ended: keep the last CPU figures; no memory is held any more
        lastRss = 0;
        return;
      }
      long rss = 0;
      Deque<Stat> todo = new ArrayDeque<>();
      todo.add(rootStat);
      while (!todo.isEmpty()) {
        Stat s = todo.poll();
        ticksSeen.merge(s.pid(), s.ticks(), Math::max);
        rss += s.rssPages() * PAGE_BYTES;
        todo.addAll(children.getOrDefault(s.pid(), List.of()));
      }
      lastRss = rss;
    }

    @Override
    public synchronized double cpuSeconds() {
      refresh();
      long t = 0;
      for (long v : ticksSeen.values()) {
        t += v;
      }
      if (child && ended && reapedAtStart >= 0) {
        long reaped = reapedTicks();
        if (reaped >= 0) {
          t = Math.max(t, reaped - reapedAtStart);
        }
      }
      return t / (double) CLOCK_TICKS_PER_S;
    }

    @Override
    public synchronized long rssBytes() {
      refresh();
      return lastRss;
    }

    @Override
    public String describe() {
      return "process tree of pid " + root;
    }
  }
}
