package io.customconnectors.operator.reconciler;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * Where the operator dies: armed with a remote call (a method of a backend interface, or a step a
 * fake names) and how many of them go through first, it lets that call reach the remote service and
 * then kills the operator before it sees the answer, as a process killed at that instant would be.
 * It fires once.
 */
final class CrashPoint {

  /** The operator died here; nothing after the remote call ran. */
  static final class OperatorCrashed extends Error {
    OperatorCrashed(String step) {
      super("operator killed right after " + step, null, false, false);
    }
  }

  private String step;
  private int left;
  private boolean fired;

  /** Dies right after the {@code nth} call of {@code step} (a method name) from now on. */
  synchronized void arm(String step, int nth) {
    this.step = step;
    this.left = nth;
    this.fired = false;
  }

  synchronized boolean fired() {
    return fired;
  }

  /** A remote call named {@code step} has just gone through. */
  void reached(String step) {
    synchronized (this) {
      if (this.step == null || !this.step.equals(step) || --left > 0) {
        return;
      }
      this.step = null;
      fired = true;
    }
    throw new OperatorCrashed(step);
  }

  /** {@code target}, reporting each call it made to this crash point. */
  <T> T around(Class<T> type, T target) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          Object result;
          try {
            result = method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          reached(method.getName());
          return result;
        };
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }
}
