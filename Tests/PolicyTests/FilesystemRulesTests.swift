import AgentPolicy
import XCTest

/// Deleting, moving, overwriting and re-permissioning files (`Rules/FilesystemRules.swift`, and the
/// paths `Evaluation/PathFacts.swift` resolves). Guarded mode unless said otherwise.
final class FilesystemRulesTests: XCTestCase {
    func testDeletesMovesAndPermissions() {
        assertDecisions([
            ("rm /tmp/x", .needsConfirmation), ("rm -rf ./build", .needsConfirmation), ("rm -rf /tmp/*", .needsConfirmation),
            ("rm -rf /", .block),
            ("rm -fr /", .block), ("rm -r -f /etc", .block), ("rm --recursive --force /usr", .block), ("rm -Rf /var/lib", .block),
            ("rm -rf ~", .block), ("rm -rf $HOME", .block), ("rm -rf ${HOME}/x", .needsConfirmation), ("rm -rf /*", .block),
            ("rm -rf /etc/*", .block), ("rm -rf $(echo /)", .block), ("rm -rf $TMPDIR/../etc", .block),
            ("rm -rf \"$TMPDIR/build\"", .needsConfirmation), ("cd /etc && rm -rf ssh", .block),
            ("cd /tmp && rm -rf x", .needsConfirmation),
            ("rm --help", .allow), ("rmdir empty", .allow), ("find . -delete", .needsConfirmation),
            ("find / -name x -delete", .block),
            ("find . -exec rm {} \\;", .needsConfirmation), ("shred secret.txt", .needsConfirmation),
            ("rsync -a --delete a/ b/", .needsConfirmation), ("chmod 755 x.sh", .allow), ("chmod -R 755 dir", .needsConfirmation),
            ("chmod -R 777 /etc", .block), ("chmod u+s /usr/local/bin/tool", .needsConfirmation),
            ("chmod 4755 tool", .needsConfirmation),
            ("cp x /etc/cron.d/x", .needsConfirmation), ("echo x | tee /etc/motd", .needsConfirmation), ("mv old new", .allow),
            ("cp a /tmp/b", .allow), ("echo x > ~/notes.txt", .allow), ("touch /usr/bin/x", .needsConfirmation),
        ])
    }

    /// A recursive delete inside a home is the user's clean-up, confirmed like any other; a home
    /// itself, emptied by a glob or reached through `..`, stays a catastrophe. So do `.ssh` and the
    /// start-up files, which belong to the guardrail.
    func testRecursiveDeletesInsideAndOfHome() {
        assertDecisions([
            ("rm -rf ~/Documents", .needsConfirmation), ("rm -rf /home/deploy/app", .needsConfirmation),
            ("rm -rf /root/.cache", .needsConfirmation),
            ("sudo rm -rf ~/.local/share", .needsConfirmation), ("find ~/project -delete", .needsConfirmation),
            ("chmod -R 700 ~/project", .needsConfirmation),
            ("python3 -c \"import shutil; shutil.rmtree('/home/deploy/app')\"", .needsConfirmation),
            ("rm -rf ~", .block), ("rm -rf ~/", .block), ("rm -rf ~/*", .block), ("rm -rf ~/.*", .block),
            ("rm -rf /home/deploy", .block),
            ("rm -rf /home/deploy/*", .block), ("rm -rf /root", .block), ("rm -rf /root/*", .block), ("rm -rf /home", .block),
            ("rm -rf ~/Documents/..", .block), ("rm -rf ~/.ssh", .block), ("rm -f ~/.bashrc", .block), ("find ~ -delete", .block),
            ("chmod -R 777 /home/deploy", .block), ("python3 -c \"import shutil; shutil.rmtree('/home/deploy')\"", .block),
            ("python3 -c \"import shutil, os; shutil.rmtree(os.path.expanduser('~'))\"", .block),
        ])
    }

    /// Found by a false-alarm hunt (session 2): everyday commands the policy flagged. Each fix
    /// keeps the dangerous neighbours flagged; both sides are pinned.
    ///
    /// Clean-ups deep in data trees need only confirmation.
    func testCleanUpsDeepInDataTrees() {
        assertDecisions([
            ("rm -rf ~/project/build", .needsConfirmation), ("rm -rf /home/deploy/app/node_modules", .needsConfirmation),
            ("rm -rf /var/www/app/releases/20240101", .needsConfirmation), ("rm -rf /opt/myapp/cache", .needsConfirmation),
            ("find /var/log/myapp -name '*.gz' -mtime +30 -delete", .needsConfirmation),
        ])
    }

    /// From the false-alarm hunt (session 2): what must stay flagged next to the everyday commands
    /// it allowed.
    func testDataTreeCleanUpsNeighbours() {
        assertDecisions([
            ("rm -rf ~/project", .needsConfirmation), ("rm -rf /var/lib/dpkg", .block),
        ])
    }

    /// Found by a red-team pass (session 2) and fixed; every row got `allow` before the fix.
    ///
    /// Option spellings GNU getopt accepts (`--in` for `--in-place`, `--o=` for `--output=`) still
    /// name the file written.
    func testOptionSpellingsGetoptAccepts() {
        assertDecisions([
            ("sudo sed --in 's/x/y/' /etc/passwd", .block), ("sudo sort --o=/etc/passwd f", .block),
        ])
    }

    /// Found by a red-team pass (session 2) and fixed; every row got `allow` before the fix.
    ///
    /// The second round: output options of readers.
    func testOutputOptionsOfReaders() {
        assertDecisions([
            ("sudo sdiff -o /etc/passwd a b", .block), ("sudo info -o /etc/cron.d/x ls", .needsConfirmation),
        ])
    }

    /// Found by a red-team pass (session 2) and fixed; every row got `allow` before the fix.
    ///
    /// The third round: downloads onto start-up files (uploads, downloads into the project, and a
    /// tar listing stay allowed).
    func testDownloadsOntoStartUpFiles() {
        assertDecisions([
            ("aws s3api get-object --bucket b --key k /home/u/.bashrc", .block), ("aws s3 cp s3://b/k ~/.bashrc", .block),
        ])
        assertDecisions([
            ("aws s3 cp ./a s3://b/k", .allow), ("aws s3 cp s3://b/k ./local", .allow), ("tar -tvf a.tar", .allow),
        ])
    }

    /// Found by a red-team pass aimed at the policy's relaxations and fixed; every row got `allow`
    /// before (several were older: `system (…)` with a blank, `~root/..` paths).
    ///
    /// `~user` paths resolve to Debian's system homes: `~root/../etc` is /etc, `~sys` is /dev.
    func testSystemAccountHomesResolve() {
        assertDecisions([
            ("mv ~root/../etc /tmp/x", .needsConfirmation),
            ("echo \"x ALL=(ALL) NOPASSWD:ALL\" > ~root/../etc/sudoers.d/x", .block),
            ("cp /tmp/evil ~root/../etc/cron.d/x", .needsConfirmation), ("truncate -s0 ~root/../etc/passwd", .block),
            ("cat ~root/../etc/shadow", .needsConfirmation), ("rm -rf ~root/../etc", .block), ("rm -rf ~sys/../etc", .block),
            ("rm -rf ~daemon/../../usr", .block),
        ])
    }

    /// Commands a security review found slipping through; each row now holds.
    ///
    /// Archives extracted into system paths, `--del` abbreviations, `find -exec` on `{}` under /,
    /// and `pushd` as a working directory.
    func testExtractionsDeletesAndWorkingDirectory() {
        assertDecisions([
            ("tar -xf a.tar -C /etc", .needsConfirmation), ("unzip -o a.zip -d /usr/local/bin", .needsConfirmation),
            ("tar -xf a.tar -C /tmp", .allow), ("rsync -a --del a/ b/", .needsConfirmation), ("find / -exec rm -rf {} +", .block),
            ("find . -type f -exec chmod 644 {} +", .allow), ("pushd /etc; rm -rf ./*", .block),
        ])
    }
}
