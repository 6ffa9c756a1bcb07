import AgentPolicy
import XCTest

/// Deleting, moving, overwriting and re-permissioning files (`Rules/FilesystemRules.swift`, and the
/// paths `Evaluation/PathFacts.swift` resolves). Guarded mode unless said otherwise.
final class FilesystemRulesTests: XCTestCase {
    func testDeletesMovesAndPermissions() {
        assertVerdicts([
            ("rm /tmp/x", .confirm(.rmAny)), ("rm -rf ./build", .confirm(.rmAny)), ("rm -rf /tmp/*", .confirm(.rmAny)),
            ("rm -rf /", .block(.rmRoot)),
            ("rm -fr /", .block(.rmRoot)), ("rm -r -f /etc", .block(.rmRecursiveSystemPath)),
            ("rm --recursive --force /usr", .block(.rmRecursiveSystemPath)), ("rm -Rf /var/lib", .block(.rmRecursiveSystemPath)),
            ("rm -rf ~", .block(.rmRecursiveSystemPath)), ("rm -rf $HOME", .block(.rmRecursiveSystemPath)),
            ("rm -rf ${HOME}/x", .confirm(.rmAny)), ("rm -rf /*", .block(.rmRecursiveSystemPath)),
            ("rm -rf /etc/*", .block(.rmRecursiveSystemPath)), ("rm -rf $(echo /)", .block(.rmRecursiveUnknownPath)),
            ("rm -rf $TMPDIR/../etc", .block(.rmRecursiveUnknownPath)),
            ("rm -rf \"$TMPDIR/build\"", .confirm(.rmAny)), ("cd /etc && rm -rf ssh", .block(.rmRecursiveSystemPath)),
            ("cd /tmp && rm -rf x", .confirm(.rmAny)),
            ("rm --help", .allow), ("rmdir empty", .allow), ("find . -delete", .block(.homeDeleteAll)),
            ("find / -name x -delete", .block(.findDeleteSystemPath)),
            ("find . -exec rm {} \\;", .confirm(.rmAny)), ("shred secret.txt", .confirm(.rmAny)),
            ("rsync -a --delete a/ b/", .confirm(.rsyncDelete)), ("chmod 755 x.sh", .allow),
            ("chmod -R 755 dir", .confirm(.permissionsRecursive)),
            ("chmod -R 777 /etc", .block(.permissionsRecursiveSystemPath)),
            ("chmod u+s /usr/local/bin/tool", .confirm(.permissionsSetuid)),
            ("chmod 4755 tool", .confirm(.permissionsSetuid)),
            ("cp x /etc/cron.d/x", .confirm(.filesystemSystemPathWrite)),
            ("echo x | tee /etc/motd", .confirm(.filesystemSystemPathWrite)), ("mv old new", .allow),
            ("cp a /tmp/b", .allow), ("echo x > ~/notes.txt", .allow), ("touch /usr/bin/x", .confirm(.filesystemSystemPathWrite)),
        ])
    }

    /// A recursive delete inside a home is the user's clean-up, confirmed like any other; a home
    /// itself, emptied by a glob or reached through `..`, stays a catastrophe. So do `.ssh` and the
    /// start-up files, which belong to the guardrail.
    func testRecursiveDeletesInsideAndOfHome() {
        assertVerdicts([
            ("rm -rf ~/Documents", .confirm(.rmAny)), ("rm -rf /home/deploy/app", .confirm(.rmAny)),
            ("rm -rf /root/.cache", .confirm(.rmAny)),
            ("sudo rm -rf ~/.local/share", .confirm(.rmAny)), ("find ~/project -delete", .confirm(.findDelete)),
            ("chmod -R 700 ~/project", .confirm(.permissionsRecursive)),
            ("python3 -c \"import shutil; shutil.rmtree('/home/deploy/app')\"", .confirm(.interpreterInlineCode)),
            ("rm -rf ~", .block(.rmRecursiveSystemPath)), ("rm -rf ~/", .block(.rmRecursiveSystemPath)),
            ("rm -rf ~/*", .block(.rmRecursiveSystemPath)), ("rm -rf ~/.*", .block(.rmRecursiveSystemPath)),
            ("rm -rf /home/deploy", .block(.rmRecursiveSystemPath)),
            ("rm -rf /home/deploy/*", .block(.rmRecursiveSystemPath)), ("rm -rf /root", .block(.rmRecursiveSystemPath)),
            ("rm -rf /root/*", .block(.rmRecursiveSystemPath)), ("rm -rf /home", .block(.rmRecursiveSystemPath)),
            ("rm -rf ~/Documents/..", .block(.rmRecursiveSystemPath)), ("rm -rf ~/.ssh", .block(.guardrailHomeMove)),
            ("rm -f ~/.bashrc", .block(.guardrailTamper)), ("find ~ -delete", .block(.findDeleteSystemPath)),
            ("chmod -R 777 /home/deploy", .block(.permissionsRecursiveSystemPath)),
            ("python3 -c \"import shutil; shutil.rmtree('/home/deploy')\"", .block(.interpreterDeleteSystemPath)),
            ("python3 -c \"import shutil, os; shutil.rmtree(os.path.expanduser('~'))\"", .block(.interpreterDeleteSystemPath)),
        ])
    }

    /// Found by a false-alarm hunt (session 2): everyday commands the policy flagged. Each fix
    /// keeps the dangerous neighbours flagged; both sides are pinned.
    ///
    /// Clean-ups deep in data trees need only confirmation.
    func testCleanUpsDeepInDataTrees() {
        assertVerdicts([
            ("rm -rf ~/project/build", .confirm(.rmAny)), ("rm -rf /home/deploy/app/node_modules", .confirm(.rmAny)),
            ("rm -rf /var/www/app/releases/20240101", .confirm(.rmAny)), ("rm -rf /opt/myapp/cache", .confirm(.rmAny)),
            ("find /var/log/myapp -name '*.gz' -mtime +30 -delete", .confirm(.findDelete)),
        ])
    }

    /// From the false-alarm hunt (session 2): what must stay flagged next to the everyday commands
    /// it allowed.
    func testDataTreeCleanUpsNeighbours() {
        assertVerdicts([
            ("rm -rf ~/project", .confirm(.rmAny)), ("rm -rf /var/lib/dpkg", .block(.rmRecursiveSystemPath)),
        ])
    }

    /// Found by a red-team pass (session 2) and fixed; every row got `allow` before the fix.
    ///
    /// Option spellings GNU getopt accepts (`--in` for `--in-place`, `--o=` for `--output=`) still
    /// name the file written.
    func testOptionSpellingsGetoptAccepts() {
        assertVerdicts([
            ("sudo sed --in 's/x/y/' /etc/passwd", .block(.guardrailTamper)),
            ("sudo sort --o=/etc/passwd f", .block(.guardrailTamper)),
        ])
    }

    /// Found by a red-team pass (session 2) and fixed; every row got `allow` before the fix.
    ///
    /// The second round: output options of readers.
    func testOutputOptionsOfReaders() {
        assertVerdicts([
            ("sudo sdiff -o /etc/passwd a b", .block(.guardrailTamper)),
            ("sudo info -o /etc/cron.d/x ls", .confirm(.filesystemSystemPathWrite)),
        ])
    }

    /// Found by a red-team pass (session 2) and fixed; every row got `allow` before the fix.
    ///
    /// The third round: downloads onto start-up files (uploads, downloads into the project, and a
    /// tar listing stay allowed).
    func testDownloadsOntoStartUpFiles() {
        assertVerdicts([
            ("aws s3api get-object --bucket b --key k /home/u/.bashrc", .block(.guardrailTamper)),
            ("aws s3 cp s3://b/k ~/.bashrc", .block(.guardrailTamper)),
        ])
        assertVerdicts([
            ("aws s3 cp ./a s3://b/k", .allow), ("aws s3 cp s3://b/k ./local", .allow), ("tar -tvf a.tar", .allow),
        ])
    }

    /// Found by a red-team pass aimed at the policy's relaxations and fixed; every row got `allow`
    /// before (several were older: `system (…)` with a blank, `~root/..` paths).
    ///
    /// `~user` paths resolve to Debian's system homes: `~root/../etc` is /etc, `~sys` is /dev.
    func testSystemAccountHomesResolve() {
        assertVerdicts([
            ("mv ~root/../etc /tmp/x", .block(.filesystemMoveSystemTree)),
            ("echo \"x ALL=(ALL) NOPASSWD:ALL\" > ~root/../etc/sudoers.d/x", .block(.guardrailTamper)),
            ("cp /tmp/evil ~root/../etc/cron.d/x", .confirm(.filesystemSystemPathWrite)),
            ("truncate -s0 ~root/../etc/passwd", .block(.guardrailTamper)),
            ("cat ~root/../etc/shadow", .confirm(.secretsRead)), ("rm -rf ~root/../etc", .block(.rmRecursiveSystemPath)),
            ("rm -rf ~sys/../etc", .block(.rmRecursiveSystemPath)),
            ("rm -rf ~daemon/../../usr", .block(.rmRecursiveSystemPath)),
        ])
    }

    /// Commands a security review found slipping through; each row now holds.
    ///
    /// Archives extracted into system paths, `--del` abbreviations, `find -exec` on `{}` under /,
    /// and `pushd` as a working directory.
    func testExtractionsDeletesAndWorkingDirectory() {
        assertVerdicts([
            ("tar -xf a.tar -C /etc", .confirm(.filesystemSystemPathWrite)),
            ("unzip -o a.zip -d /usr/local/bin", .confirm(.filesystemSystemPathWrite)),
            ("tar -xf a.tar -C /tmp", .allow), ("rsync -a --del a/ b/", .confirm(.rsyncDelete)),
            ("find / -exec rm -rf {} +", .block(.rmRoot)),
            ("find . -type f -exec chmod 644 {} +", .allow), ("pushd /etc; rm -rf ./*", .block(.rmRecursiveSystemPath)),
        ])
    }

    /// Moving `/` or an operating-system tree away breaks the shell and sudo that could move it
    /// back; a deeper tree is an everyday swap and stays a confirmation (found by red-teaming).
    func testMovingSystemTreesAway() {
        assertVerdicts([
            ("mv / /old", .block(.filesystemMoveSystemTree)), ("mv /etc/ /tmp/etc", .block(.filesystemMoveSystemTree)),
            ("mv -t /tmp /usr/lib", .block(.filesystemMoveSystemTree)),
            ("sudo mv /boot /boot.old", .block(.filesystemMoveSystemTree)),
            ("mv --target-directory=/tmp /usr/bin", .block(.filesystemMoveSystemTree)),
            ("cd /usr && mv bin /tmp/", .block(.filesystemMoveSystemTree)),
            ("mv /etc/nginx /etc/nginx.bak", .confirm(.filesystemSystemPathWrite)),
            ("mv /opt/app /opt/app.old", .confirm(.filesystemSystemPathWrite)), ("mv /tmp/etc /tmp/etc2", .allow),
        ])
    }

    /// A deleter run by find on every file of a system tree is `find -delete` there (found by
    /// red-teaming: `find /usr -type f -exec rm {} +` was only a confirmation); a narrowed
    /// clean-up stays one.
    func testFindExecDeletingASystemTree() {
        assertVerdicts([
            ("find /usr -type f -exec rm {} +", .block(.findDeleteSystemPath)),
            ("find /etc -exec shred -u {} \\;", .block(.findDeleteSystemPath)),
            ("sudo find /var/lib -mindepth 1 -execdir unlink {} +", .block(.findDeleteSystemPath)),
            ("find /var/log -name '*.gz' -mtime +7 -exec rm {} \\;", .confirm(.rmAny)),
            ("find /tmp -type f -exec rm {} +", .confirm(.rmAny)), ("find /usr -type f -exec ls {} +", .allow),
        ])
    }
}
