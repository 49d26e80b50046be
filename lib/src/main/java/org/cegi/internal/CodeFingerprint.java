package org.cegi.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A fingerprint of compiled code: SHA-256 over the class files of the given classes, their nested classes and their
 * anonymous classes ({@code Outer$1.class} …), read from the class path. Artefacts keyed by it (the lab's trained
 * models) are rebuilt whenever that code changes, without anyone remembering to bump a version constant.
 *
 * <p>It is deliberately strict: any change to a class file, a moved line included (line numbers are part of it),
 * gives a new fingerprint. A class whose file cannot be read (an unusual class loader) contributes its name only, and
 * {@link #unreadable} lists it so callers can say so.
 */
public final class CodeFingerprint {
  private final String hex;
  private final List<String> unreadable;

  private CodeFingerprint(String hex, List<String> unreadable) {
    this.hex = hex;
    this.unreadable = List.copyOf(unreadable);
  }

  /** The fingerprint of these classes (order matters; duplicates count once). */
  public static CodeFingerprint of(Class<?>... classes) {
    Check.notNull("classes", classes);
    if (classes.length == 0) {
      throw new IllegalArgumentException("name at least one class to fingerprint");
    }
    Set<Class<?>> all = new LinkedHashSet<>();
    for (Class<?> c : classes) {
      collect(Check.notNull("class", c), all);
    }
    MessageDigest sha = sha256();
    List<String> missing = new ArrayList<>();
    for (Class<?> c : all) {
      // anonymous classes are not reachable by reflection: probe Outer$1, Outer$2, … of top-level and member classes
      add(sha, c.getClassLoader(), c.getName(), c.getEnclosingClass() == null || c.isMemberClass(), missing);
    }
    return finish(sha, missing);
  }

  /** The fingerprint of class files by binary name, as {@code loader} finds them (and their anonymous classes). */
  static CodeFingerprint ofClassFiles(ClassLoader loader, String... binaryNames) {
    MessageDigest sha = sha256();
    List<String> missing = new ArrayList<>();
    for (String n : binaryNames) {
      add(sha, loader, n, true, missing);
    }
    return finish(sha, missing);
  }

  private static void add(MessageDigest sha, ClassLoader loader, String name, boolean probeAnonymous,
      List<String> missing) {
    sha.update(name.getBytes(StandardCharsets.UTF_8));
    byte[] bytes = classFile(loader, name);
    if (bytes == null) {
      missing.add(name);
      return;
    }
    sha.update(bytes);
    for (int i = 1; probeAnonymous; i++) {
      byte[] anon = classFile(loader, name + "$" + i);
      if (anon == null) {
        break;
      }
      sha.update(anon);
    }
  }

  private static CodeFingerprint finish(MessageDigest sha, List<String> missing) {
    StringBuilder b = new StringBuilder();
    for (byte x : sha.digest()) {
      b.append(String.format("%02x", x));
    }
    return new CodeFingerprint(b.toString(), missing);
  }

  /** Hex SHA-256. */
  public String hex() {
    return hex;
  }

  /** Classes whose class file could not be read (only their names went into the fingerprint). */
  public List<String> unreadable() {
    return unreadable;
  }

  @Override
  public String toString() {
    return hex;
  }

  private static void collect(Class<?> c, Set<Class<?>> into) {
    if (!into.add(c)) {
      return;
    }
    for (Class<?> nested : c.getDeclaredClasses()) {
      collect(nested, into);
    }
  }

  private static byte[] classFile(ClassLoader loader, String binaryName) {
    String resource = binaryName.replace('.', '/') + ".class";
    ClassLoader l = loader != null ? loader : ClassLoader.getSystemClassLoader();
    try (InputStream in = l.getResourceAsStream(resource)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the class file " + resource + ": " + e.getMessage(), e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
