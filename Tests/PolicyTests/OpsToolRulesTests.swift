import AgentPolicy
import XCTest

/// The destructive verbs of containers, Kubernetes, clouds, Terraform, backups and databases
/// (`Rules/OpsToolRules.swift`). Guarded mode unless said otherwise.
final class OpsToolRulesTests: XCTestCase {
    func testDestructiveVerbs() {
        assertVerdicts([
            ("docker rm c", .confirm(.containersDestructive)), ("docker system prune -a", .confirm(.containersDestructive)),
            ("docker ps", .allow),
            ("docker run --rm alpine true", .allow), ("docker run --privileged alpine", .block(.containersHostEscape)),
            ("docker run -v /:/host alpine", .block(.containersHostEscape)),
            ("kubectl delete pod x", .confirm(.kubernetesDestructive)), ("kubectl get pods", .allow),
            ("aws s3 rm s3://b/x", .confirm(.cloudDestructive)),
            ("aws s3 ls", .allow), ("aws ec2 terminate-instances --instance-ids i-1", .confirm(.cloudDestructive)),
            ("terraform destroy", .confirm(.infrastructureDestroy)),
            ("terraform plan", .allow), ("borg prune repo", .confirm(.backupDestructive)), ("borg list repo", .allow),
            ("helm uninstall x", .confirm(.kubernetesDestructive)),
        ])
    }

    /// Found by a red-team pass (session 2) and fixed; every row got `allow` before the fix.
    ///
    /// Ops tools with options before the verb (`docker -H …`, `aws --profile …`).
    func testOptionsBeforeTheVerb() {
        assertVerdicts([
            ("docker -H ssh://prod rm -f web", .confirm(.containersDestructive)),
            ("docker --context prod volume rm data", .confirm(.containersDestructive)),
            ("docker --context prod system prune -af", .confirm(.containersDestructive)),
            ("docker compose -f prod.yml down -v", .confirm(.containersDestructive)),
            ("aws --profile prod s3 rb s3://bucket --force", .confirm(.cloudDestructive)),
            ("aws --profile prod s3 rm s3://bucket --recursive", .confirm(.cloudDestructive)),
        ])
    }

    /// From the red-team pass (session 2): what its fixes must leave alone.
    func testOptionsBeforeHarmlessVerbs() {
        assertVerdicts([
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
        assertVerdicts([
            ("kubectl delete namespace prod --dry-run=none", .confirm(.kubernetesDestructive)),
            ("kubectl drain node1 --dry-run=false", .confirm(.kubernetesDestructive)),
            ("helm uninstall prod --dry-run=false", .confirm(.kubernetesDestructive)),
            ("kubectl delete ns prod -- --dry-run", .confirm(.kubernetesDestructive)),
            ("terraform state pull", .confirm(.infrastructureDestroy)),
        ])
    }

    /// Found by a false-alarm hunt (session 2): everyday commands the policy flagged. Each fix
    /// keeps the dangerous neighbours flagged; both sides are pinned.
    ///
    /// Read-only terraform/kubectl/helm runs.
    func testReadOnlyTerraformKubectlHelmRuns() {
        assertVerdicts([
            ("terraform state list", .allow), ("terraform state show aws_instance.web", .allow),
            ("kubectl apply --dry-run=client -f k8s/", .allow),
            ("helm upgrade --install web ./chart --dry-run", .allow),
        ])
    }

    /// From the false-alarm hunt (session 2): what must stay flagged next to the everyday commands
    /// it allowed.
    func testTheirChangingSiblings() {
        assertVerdicts([
            ("kubectl apply -f k8s/", .confirm(.kubernetesDestructive)),
            ("terraform state rm aws_instance.web", .confirm(.infrastructureDestroy)),
        ])
    }

    /// Commands a security review found slipping through; each row now holds.
    func testDatabaseStatements() {
        assertVerdicts([
            ("mysql -e 'DROP DATABASE prod'", .confirm(.databasesDestructive)), ("psql -c 'select 1'", .allow),
        ])
    }
}
