import Foundation

/// posix_spawn for the long-lived children of the test support (sshd, the fault tests' link
/// emulator): descriptors 0, 1 and 2 as given, every signal at its default action and none
/// blocked, so a parent that ignores SIGINT (a background job of a script) does not pass that on
/// to the child and what it starts.
public enum ChildSpawn {
    /// Where the child's stdin comes from.
    public enum Input: Sendable {
        case devNull
        case descriptor(Int32)
    }

    /// posix_spawn's error number.
    public struct Failure: Error {
        public let code: Int32
    }

    /// Starts `arguments[0]` (looked up on PATH when `searchingPath`) with stdin from `input` and
    /// stdout and stderr on `output`; returns the child's pid.
    public static func spawn(_ arguments: [String], searchingPath: Bool = false, input: Input, output: Int32)
        throws(Failure) -> pid_t
    {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        switch input {
        case .devNull: posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        case .descriptor(let descriptor): posix_spawn_file_actions_adddup2(&actions, descriptor, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, output, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t()
        var none = sigset_t()
        sigfillset(&all)
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = arguments.map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var child = pid_t()
        let result =
            searchingPath
            ? posix_spawnp(&child, arguments[0], &actions, &attributes, argv, environ)
            : posix_spawn(&child, arguments[0], &actions, &attributes, argv, environ)
        guard result == 0 else { throw Failure(code: result) }
        return child
    }
}
