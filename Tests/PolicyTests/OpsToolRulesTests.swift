import AgentPolicy
import XCTest

/// The destructive verbs of containers, Kubernetes, clouds, Terraform, backups and databases
/// (`Rules/OpsToolRules.swift`). Guarded mode unless said otherwise.
final class OpsToolRulesTests: XCTestCase {
    func testDestructiveVerbs() {
        assertDecisions([
            ("docker rm c", .needsConfirmation), ("docker system prune -a", .needsConfirmation), ("docker ps", .allow),
            ("docker run --rm alpine true", .allow), ("docker run --privileged alpine", .block),
            ("docker run -v /:/host alpine", .block),
            ("kubectl delete pod x", .needsConfirmation), ("kubectl get pods", .allow),
            ("aws s3 rm s3://b/x", .needsConfirmation),
            ("aws s3 ls", .allow), ("aws ec2 terminate-instances --instance-ids i-1", .needsConfirmation),
            ("terraform destroy", .needsConfirmation),
            ("terraform plan", .allow), ("borg prune repo", .needsConfirmation), ("borg list repo", .allow),
            ("helm uninstall x", .needsConfirmation),
        ])
    }

    /// Found by a red-team pass (session 2) and fixed; every row got `allow` before the fix.
    ///
    /// Ops tools with options before the verb (`docker -H …`, `aws --profile …`).
    func testOptionsBeforeTheVerb() {
        assertDecisions([
            ("docker -H ssh://prod rm -f web", .needsConfirmation), ("docker --context prod volume rm data", .needsConfirmation),
            ("docker --context prod system prune -af", .needsConfirmation),
            ("docker compose -f prod.yml down -v", .needsConfirmation),
            ("aws --profile prod s3 rb s3://bucket --force", .needsConfirmation),
            ("aws --profile prod s3 rm s3://bucket --recursive", .needsConfirmation),
        ])
    }

    /// From the red-team pass (session 2): what its fixes must leave alone.
    func testOptionsBeforeHarmlessVerbs() {
        assertDecisions([
            ("docker --context prod ps", .allow), ("docker compose -f prod.yml logs --tail 50 web", .allow),
            ("aws --profile prod s3 ls s3://bucket", .allow),
        ])
    }

    /// Found by a red-team pass aimed at the policy's relaxations and fixed; every row got `allow`
    /// before (several were older: `system (…)` with a blank, `~root/..` paths).
    ///
    /// `--dry-run=none`/`=false` and a `--dry-run` after `--` are real runs; `terraform state pull`
    /// prints secrets.
    func testDryRunsThatAreRealRuns() {
        assertDecisions([
            ("kubectl delete namespace prod --dry-run=none", .needsConfirmation),
            ("kubectl drain node1 --dry-run=false", .needsConfirmation),
            ("helm uninstall prod --dry-run=false", .needsConfirmation),
            ("kubectl delete ns prod -- --dry-run", .needsConfirmation),
            ("terraform state pull", .needsConfirmation),
        ])
    }

    /// Found by a false-alarm hunt (session 2): everyday commands the policy flagged. Each fix
    /// keeps the dangerous neighbours flagged; both sides are pinned.
    ///
    /// Read-only terraform/kubectl/helm runs.
    func testReadOnlyTerraformKubectlHelmRuns() {
        assertDecisions([
            ("terraform state list", .allow), ("terraform state show aws_instance.web", .allow),
            ("kubectl apply --dry-run=client -f k8s/", .allow),
            ("helm upgrade --install web ./chart --dry-run", .allow),
        ])
    }

    /// From the false-alarm hunt (session 2): what must stay flagged next to the everyday commands
    /// it allowed.
    func testTheirChangingSiblings() {
        assertDecisions([
            ("kubectl apply -f k8s/", .needsConfirmation), ("terraform state rm aws_instance.web", .needsConfirmation),
        ])
    }

    /// Commands a security review found slipping through; each row now holds.
    func testDatabaseStatements() {
        assertDecisions([
            ("mysql -e 'DROP DATABASE prod'", .needsConfirmation), ("psql -c 'select 1'", .allow),
        ])
    }
}
