// libssh2's three public headers, imported as one Clang module.
// Function-like macros (libssh2_session_startup, libssh2_channel_exec, ...) are not imported
// by Swift; callers use the `_ex` functions they expand to.
#include <libssh2.h>
#include <libssh2_sftp.h>
#include <libssh2_publickey.h>
