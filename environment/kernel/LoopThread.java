/*
 * Replacement for org.rapaio.jupyter.kernel.channels.LoopThread of rapaio-jupyter-kernel 3.0.1
 * (Apache-2.0, https://github.com/padreati/rapaio-jupyter-kernel), written for cegi.
 *
 * The original start() calls Thread.start() and only then sets its running flag, so the new thread can
 * read running == false, leave its loop at once, and the kernel never answers (about one start in five:
 * "Kernel didn't respond in 60 seconds"). This class has the same name and public API and sets the flag
 * before the thread starts. environment/install.sh compiles it into build/kernel/patch, which the
 * kernelspec puts ahead of the kernel jar on the class path.
 */
package org.rapaio.jupyter.kernel.channels;

public final class LoopThread extends Thread {
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
      loopBody.run();
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
