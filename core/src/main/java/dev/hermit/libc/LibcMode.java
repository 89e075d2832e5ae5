package dev.hermit.libc;

/** Where the runtime's C library comes from at run time. */
public enum LibcMode {
  /** The payload carries the loader and every shared library the runtime needs: runs in an empty root. */
  BUNDLED,
  /** The runtime uses the target's own C library (like cgo): smaller, but needs a compatible glibc there. */
  SYSTEM
}
