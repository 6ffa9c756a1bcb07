// glibc's GNU extensions that Swift's Glibc module does not show: pipe2 (a pipe that is
// close-on-exec from its first moment, so a child spawned by another thread cannot inherit it)
// and posix_spawn_file_actions_addclosefrom_np (the child keeps no descriptor of ours past 2).
#ifndef CSPAWN_H
#define CSPAWN_H

int cspawn_pipe_cloexec(int fds[2]);
int cspawn_addclosefrom(void *actions, int from);



// The ControlMaster's socket: connect (-1 with errno set on failure), and hand over one
// descriptor as OpenSSH's mm_send_fd does (one byte of data with SCM_RIGHTS).
int cspawn_connect_unix(const char *path);
int cspawn_send_fd(int sock, int fd);
#endif
