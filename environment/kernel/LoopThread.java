/*
 * Replacement for org.rapaio.jupyter.kernel.channels.LoopThread of rapaio-jupyter-kernel 3.0.1
 * (Apache-2.0, https://github.com/padreati/rapaio-jupyter-kernel), written for cegi.
 *
 * It fixes two start-up races that leave the kernel silent ("Kernel didn't respond in 60 seconds"):
 *  1. the original start() calls Thread.start() and only then sets its running flag, so the new thread can
 *     read running == false and leave its loop at once (about one start in five);
 *  2. Channels.connect() starts the channel loops before it sets its message handlers, so a kernel_info
 *     request that arrives at once makes the loop body throw a NullPointerException, which ends the loop
 *     thread for good (a few starts in a hundred, more on a loaded machine).
 * This class has the same name and public API, sets the flag before the thread starts, and keeps looping
 * when one iteration throws (the client asks for kernel_info again a second later, and by then the handlers
 * are set). environment/install.sh compiles it into build/kernel/patch, which the kernelspec puts ahead of
 * the kernel jar on the class path.
 */
package org.rapaio.jupyter.kernel.channels;

import java.util.logging.Level;
import java.util.logging.Logger;

public final class LoopThread extends Thread {
  private static final Logger LOG = Logger.getLogger(LoopThread.class.getName());
  private volatile boolean running;
  private final long sleep;
  private final Runnable loopBody;

  public LoopThread(String name, long sleep, Runnable loopBody) {
    super(name);
    this.sleep = sleep;
    this.loopBody = loopBody;
  }

  @Override
  public void run() {
    while (running) {
      try {
        loopBody.run();
      } catch (RuntimeException e) {
        // One failed iteration (a message that came before the handlers were set, a malformed message)
        // must not silence the channel for the rest of the kernel's life.
        LOG.log(Level.WARNING, getName() + ": message loop iteration failed, continuing", e);
      }
      try {
        Thread.sleep(sleep);
      } catch (InterruptedException e) {
        running = false;
        return;
      }
    }
  }

  @Override
  public synchronized void start() {
    running = true; // before the thread exists, so run() always sees it
    super.start();
  }

  public void shutdown() {
    running = false;
  }
}
