/**
 * Fails to load the way uWebSockets.js does on a system whose glibc is too old, for the
 * error-path test of `SOCKET_SERVER=uws`.
 *
 * @module
 */
throw new Error(
  "/lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.38' not found (required by uws_linux_x64_127.node)",
);
