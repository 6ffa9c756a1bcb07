// Found by a false-alarm hunt (session 2): everyday commands the policy flagged. Each fix keeps
// the dangerous neighbours flagged; both sides are pinned here.
import AgentPolicy
import XCTest

final class FalseAlarmSession2Tests: XCTestCase {
    /// Clean-ups deep in data trees, `IFS= read`, option variables by value, creating `.env`
    /// from a template, `< <(…)`, read-only terraform/kubectl/helm runs, and in readonly
    /// `git log -p`, `git branch --contains`, awk comparisons, `openssl rand`.
    func testEverydayCommands() {
        assertDecisions([
            ("rm -rf ~/project/build", .needsConfirmation),
            ("rm -rf /home/deploy/app/node_modules", .needsConfirmation),
            ("rm -rf /var/www/app/releases/20240101", .needsConfirmation),
            ("rm -rf /opt/myapp/cache", .needsConfirmation),
            ("find /var/log/myapp -name '*.gz' -mtime +30 -delete", .needsConfirmation),
            ("ls -1 | while IFS= read -r n; do echo \"$n\"; done", .allow),
            ("while IFS=: read -r u _ uid _; do echo \"$u\"; done < /etc/passwd", .allow),
            ("NODE_OPTIONS=--max-old-space-size=4096 npm run build", .allow),
            ("JAVA_TOOL_OPTIONS=-Xmx2g ./gradlew build", .allow),
            ("GIT_EDITOR=: git commit --amend", .allow),
            ("PS4='+ ' bash -x s.sh", .allow),
            ("cp .env.example .env", .allow),
            ("cp config/.env.example config/.env.local", .allow),
            ("openssl req -x509 -newkey rsa:2048 -nodes -keyout /tmp/key.pem -out /tmp/cert.pem -subj /CN=x", .allow),
            ("while read -r f; do echo \"$f\"; done < <(git ls-files '*.py')", .allow),
            ("bash -c 'while read -r f; do echo \"$f\"; done < <(git ls-files)'", .allow),
            ("xargs -I {} sh -c 'echo {}; wc -l {}' < files.txt", .needsConfirmation),
            ("terraform state list", .allow),
            ("terraform state show aws_instance.web", .allow),
            ("kubectl apply --dry-run=client -f k8s/", .allow),
            ("helm upgrade --install web ./chart --dry-run", .allow),
        ])
        assertDecisions([
            ("ls -1 | while IFS= read -r n; do echo \"$n\"; done", .allow),
            ("git log -p", .allow),
            ("git show -p HEAD", .allow),
            ("git cat-file -p HEAD", .allow),
            ("git branch --contains abc123", .allow),
            ("git branch --merged main", .allow),
            ("git tag --contains abc123", .allow),
            ("git tag --points-at HEAD", .allow),
            ("awk '$9 >= 500' access.log", .allow),
            ("awk 'NR > 1' f", .allow),
            ("awk -F: '$3 >= 1000 {print $1}' /etc/passwd", .allow),
            ("awk '{ if (length($0) > 120) print FILENAME\": \"FNR }' app.py", .allow),
            ("openssl rand -base64 32", .allow),
        ], mode: .readonly)
    }

    /// What must stay flagged next to them. The last row was an escape: brace expansion of a
    /// quoted awk program cut it at its comma and hid `system()`.
    func testTheirDangerousNeighbours() {
        assertDecisions([
            ("cp .env /tmp/leak", .needsConfirmation),
            ("cat .env", .needsConfirmation),
            ("rm -rf ~/project", .needsConfirmation),
            ("rm -rf /var/lib/dpkg", .block),
            ("git -p log", .allow),
            ("kubectl apply -f k8s/", .needsConfirmation),
            ("terraform state rm aws_instance.web", .needsConfirmation),
            ("xargs -I {} sh -c {} < cmds.txt", .needsConfirmation),
            ("echo 'rm -rf ~' | xargs -I{} sh -c {}", .block),
            ("awk 'BEGIN{print \"a\", system(\"rm -rf /etc\")}'", .block),
        ])
        assertDecisions([
            ("git -c core.pager=evil log", .block),
            ("awk '{print > \"/tmp/x\"}' f", .block),
            ("awk '{printf \"%s\", $0 >> \"/etc/x\"}' f", .block),
            ("git branch newbranch", .block),
            ("git branch -D main", .block),
            ("git tag v1.0", .block),
            ("openssl rand -out /tmp/r 32", .block),
        ], mode: .readonly)
    }

    /// Read-only verbs readonly mode lacked, each next to a sibling that writes.
    func testReadonlyVerbsAndTheirWritingSiblings() {
        assertDecisions([
            ("kubectl rollout status deploy/web", .allow),
            ("kubectl rollout restart deploy/web", .block),
            ("docker network inspect bridge", .allow),
            ("docker compose config", .block),  // `config -o FILE` writes; left out of readonly
            ("helm list -A", .allow),
            ("helm uninstall web", .block),
            ("ufw status", .allow),
            ("ufw disable", .block),
            ("nft list ruleset", .allow),
            ("nft flush ruleset", .block),
            ("service nginx status", .allow),
            ("service nginx restart", .block),
            ("iptables -L -n", .allow),
            ("iptables -F", .block),
            ("sysctl net.core.somaxconn", .allow),
            ("sysctl -w net.x=1", .block),
            ("unzip -l a.zip", .allow),
            ("unzip a.zip", .block),
            ("gzip -l a.gz", .allow),
            ("gzip big.log", .block),
            ("yq '.a' f.yaml", .allow),
            ("yq -i '.a=1' f.yaml", .block),
            ("lsb_release -a", .allow),
            ("uuidgen", .allow),
            ("shellcheck s.sh", .allow),
        ], mode: .readonly)
    }
}
