import AgentPolicy
import XCTest

/// More launchers found by what they are handed: a shell called from inside another language's
/// text, settings that name a program, shells the tables lacked, scripts named by variables, and
/// the output options of tools without an entry of their own.
final class EmbeddedLaunchTests: XCTestCase {
    func testShellCalledFromAnotherLanguage() {
        assertVerdicts([
            ("guile -c '(system \"/bin/bash\")'", .block(.shellReadsChannel)),
            ("octave-cli --eval 'system(\"/bin/sh\")'", .block(.shellReadsChannel)),
            ("pdflatex --shell-escape '\\write18{/bin/bash}'", .block(.shellReadsChannel)),
            ("rpmquery --eval '%(/usr/bin/python3)'", .block(.interpreterReadsChannel)),
            ("fzf --bind 'ctrl-x:execute(/bin/zsh)'", .block(.shellReadsChannel)),
            ("notify-send 'switched /bin/sh to dash'", .allow),
        ])
    }

    func testSettingsThatNameAProgram() {
        assertVerdicts([
            ("sshfs -o ssh_command=/bin/bash host: /mnt/x", .block(.shellReadsChannel)),
            ("reportgen delivery.command=/bin/sh", .block(.shellReadsChannel)),
            ("./configure CONFIG_SHELL=/bin/bash", .allow), ("meson setup build -Dshell=/bin/bash", .allow),
        ])
    }

    func testShellsTheTablesLacked() {
        assertVerdicts([
            ("elvish", .block(.shellReadsChannel)), ("posh -c 'rm -rf /'", .block(.rmRoot)),
            ("nu -c 'ls'", .allow), ("rc", .block(.shellReadsChannel)),
        ])
    }

    func testScriptsNamedByVariables() {
        assertVerdicts([
            ("echo 'rm -rf /boot' > /tmp/m4; chmod +x /tmp/m4; AUTOM4TE=/tmp/m4 autoreconf", .block(.rmRecursiveSystemPath)),
            ("echo 'rm -rf /lib' > /tmp/h; chmod +x /tmp/h; tool --hook=/tmp/h", .block(.rmRecursiveSystemPath)),
        ])
    }

    func testOutputOptionsOfUnknownTools() {
        assertVerdicts([
            ("pandoc README.md -o /etc/motd", .confirm(.filesystemSystemPathWrite)),
            ("nmap -oN /etc/cron.d/scan 10.0.0.0/24", .confirm(.filesystemSystemPathWrite)),
            ("iconv -f latin1 -t utf8 -o ~/.bashrc in.txt", .block(.guardrailTamper)),
            ("tsc main.ts --outFile /usr/local/bin/app.js", .confirm(.filesystemSystemPathWrite)),
            ("pandoc README.md -o README.html", .allow),
            ("screen -L -Logfile /etc/cron.d/log make", .confirm(.filesystemSystemPathWrite)),
            ("script -q -c 'make' /etc/cron.d/typescript", .confirm(.filesystemSystemPathWrite)),
            ("strace -o ~/.profile ls", .block(.guardrailTamper)), ("mount -o remount,ro /mnt/data", .confirm(.disksMount)),
        ])
    }
}
