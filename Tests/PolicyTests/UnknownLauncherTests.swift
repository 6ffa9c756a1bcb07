import AgentPolicy
import XCTest

/// Launchers with no entry of their own, package runners, daemon starters, init-script wrappers,
/// directory runners and schedulers (`Evaluation/ShellOperands.swift`, `PackageRunners.swift`,
/// `ServiceLaunchers.swift`). What they run is judged; a bare shell they start reads the channel.
final class UnknownLauncherTests: XCTestCase {
    /// A shell or interpreter named by path to a program the policy does not know.
    func testShellHandedToAnUnknownProgram() {
        assertVerdicts([
            ("frobnicate --run /bin/bash", .block(.shellReadsChannel)),
            ("watchdogd -e /usr/bin/python3", .block(.interpreterReadsChannel)),
            ("deploytool --hook='/bin/sh -c \"rm -rf /etc\"'", .block(.rmRecursiveSystemPath)),
            ("cc -wrapper /bin/sh,-s main.c", .block(.shellReadsChannel)),
            ("mailer --exec='!/bin/bash'", .block(.shellReadsChannel)),
            ("/opt/tools/ld-linux.so /bin/zsh", .block(.shellReadsChannel)),
        ])
    }

    func testKnownLaunchersByName() {
        assertVerdicts([
            ("aa-exec -p unconfined -- bash", .block(.shellReadsChannel)), ("choom -n -500 sh", .block(.shellReadsChannel)),
            ("sshpass -p secret bash", .block(.shellReadsChannel)), ("torify zsh", .block(.shellReadsChannel)),
            ("runcon -t unconfined_t bash", .block(.shellReadsChannel)),
            ("runcon system_u:system_r:unconfined_t:s0 rm -rf /", .block(.rmRoot)),
            ("start-stop-daemon --start --exec /bin/rm -- -rf /", .block(.rmRoot)),
            ("start-stop-daemon --stop --name nginx", .confirm(.servicesServiceChange)),
            ("ksu root -e /bin/bash", .block(.shellReadsChannel)),
        ])
    }

    /// Package and environment runners' exec/run verbs start the command that follows.
    func testPackageRunners() {
        assertVerdicts([
            ("npm exec -- bash", .block(.shellReadsChannel)), ("npx --yes zsh", .block(.shellReadsChannel)),
            ("pnpm exec sh -c 'rm -rf /'", .block(.rmRoot)), ("bundle exec ruby", .block(.interpreterReadsChannel)),
            ("poetry run python", .block(.interpreterReadsChannel)), ("uv run --with rich bash", .block(.shellReadsChannel)),
            ("conda run -n base rm -rf /usr", .block(.rmRecursiveSystemPath)),
            ("rustup run stable bash", .block(.shellReadsChannel)), ("direnv exec /srv/app bash", .block(.shellReadsChannel)),
            ("nix-shell -p jq", .block(.shellInteractive)), ("nix develop", .block(.shellInteractive)),
            ("nix develop -c rm -rf /", .block(.rmRoot)), ("pipenv shell", .block(.shellInteractive)),
            ("npm exec -- eslint .", .allow), ("poetry run pytest -q", .allow), ("nix-shell -p jq --run 'jq --version'", .allow),
        ])
    }

    /// xargs leaves the child's stdin on the channel when its input comes from a file or the tty.
    func testXargsChildReadingTheChannel() {
        assertVerdicts([
            ("xargs -a /dev/null bash", .block(.shellInteractive)), ("xargs --arg-file=hosts.txt sh", .block(.shellInteractive)),
            ("xargs -o python3", .block(.shellInteractive)),
            ("xargs -a files.txt rm", .confirm(.rmAny)), ("xargs -a files.txt wc -l", .allow),
        ])
    }

    /// Init-script wrappers, directory runners and calendar-triggered transient units.
    func testServicesDirectoriesAndSchedules() {
        assertVerdicts([
            ("invoke-rc.d nginx stop", .confirm(.servicesServiceChange)), ("invoke-rc.d ssh stop", .block(.guardrailSshdStop)),
            ("update-rc.d nginx disable", .confirm(.servicesServiceChange)),
            ("service ../../usr/bin/bash", .block(.shellReadsChannel)),
            ("run-parts --regex '^ba' /usr/bin", .block(.shellInteractive)),
            ("run-parts /etc/cron.hourly", .confirm(.launcherUnseenPrograms)), ("run-parts --list /etc/cron.daily", .allow),
            ("systemd-run --on-calendar='*-*-* 03:00' /usr/bin/touch /tmp/x", .confirm(.scheduleChange)),
            ("systemd-run --on-active=30 rm -rf /", .block(.rmRoot)),
            ("systemd-run --user --unit job sleep 10", .allow),
        ])
    }

    /// Programs that take a shell's path as data are not launchers.
    func testShellPathsAsData() {
        assertVerdicts([
            ("cp /bin/bash /tmp/bash.copy", .allow), ("sha256sum /bin/sh /bin/bash", .allow), ("ls -l /bin/sh", .allow),
            ("journalctl _EXE=/usr/bin/bash", .allow), ("readlink -f /bin/sh", .allow),
            ("grep -c /bin/bash /etc/passwd", .allow),
        ])
    }
}
