package org.cegi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeFingerprintTest {
  @TempDir Path dir;

  static final class Outer {
    static final class Inner {
      int x() {
        return 1;
      }
    }

    Runnable anonymous() {
      return new Runnable() {
        @Override
        public void run() {}
      };
    }
  }

  @Test
  void isStableAndDependsOnEveryClassNamed() {
    CodeFingerprint a = CodeFingerprint.of(Check.class, DataFiles.class);
    assertThat(a.hex()).hasSize(64).isEqualTo(CodeFingerprint.of(Check.class, DataFiles.class).hex());
    assertThat(a.unreadable()).isEmpty();
    assertThat(CodeFingerprint.of(Check.class).hex()).isNotEqualTo(a.hex());
    assertThat(CodeFingerprint.of(Check.class, Check.class).hex()).isEqualTo(CodeFingerprint.of(Check.class).hex());
  }

  @Test
  void changesWhenTheClassFileChanges() throws IOException {
    // two versions of the same class name on two class paths: the fingerprint tells them apart
    Path v1 = dir.resolve("v1");
    Path v2 = dir.resolve("v2");
    String name = CodeFingerprintTest.class.getName().replace('.', '/') + "$Outer$Inner.class";
    byte[] original;
    try (var in = CodeFingerprintTest.class.getClassLoader().getResourceAsStream(name)) {
      original = in.readAllBytes();
    }
    byte[] changed = original.clone();
    changed[changed.length - 1] ^= 1;   // any byte of the class file
    write(v1.resolve(name), original);
    write(v2.resolve(name), changed);
    String binary = CodeFingerprintTest.class.getName() + "$Outer$Inner";
    try (var l1 = new java.net.URLClassLoader(new java.net.URL[] {v1.toUri().toURL()}, null);
        var l2 = new java.net.URLClassLoader(new java.net.URL[] {v2.toUri().toURL()}, null);
        var l3 = new java.net.URLClassLoader(new java.net.URL[] {v1.toUri().toURL()}, null)) {
      CodeFingerprint f1 = CodeFingerprint.ofClassFiles(l1, binary);
      assertThat(f1.hex()).isNotEqualTo(CodeFingerprint.ofClassFiles(l2, binary).hex())
          .isEqualTo(CodeFingerprint.ofClassFiles(l3, binary).hex());
      assertThat(f1.unreadable()).isEmpty();
      CodeFingerprint none = CodeFingerprint.ofClassFiles(l1, "no.such.Type");
      assertThat(none.unreadable()).containsExactly("no.such.Type");
    }
  }

  @Test
  void includesNestedAndAnonymousClasses() {
    CodeFingerprint outer = CodeFingerprint.of(Outer.class);
    assertThat(outer.hex()).isNotEqualTo(CodeFingerprint.of(Outer.Inner.class).hex());
    assertThat(CodeFingerprintTest.class.getClassLoader()
        .getResource(CodeFingerprintTest.class.getName().replace('.', '/') + "$Outer$1.class"))
        .as("the anonymous Runnable is compiled to Outer$1").isNotNull();
  }

  @Test
  void refusesAnEmptyList() {
    assertThatThrownBy(CodeFingerprint::of).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one class");
  }

  private static void write(Path f, byte[] bytes) throws IOException {
    Files.createDirectories(f.getParent());
    Files.write(f, bytes);
  }
}
