import AgentContracts
import AgentPolicy
import Crypto

/// What an approval token is worth, decided in two steps because of the setgid design: the token
/// is checked and its nonce recorded while the enforcer still holds the key's group (`check`),
/// and only then, with the group dropped, is the command judged and the result combined with
/// the verdict (`outcome`).
public enum TokenStatus: Sendable, Equatable {
    /// No `approval=` field.
    case absent
    /// An unsigned token, on a server without an approval key.
    case unsigned(tokenID: String)
    /// A signed token that verified and was unused until now.
    case signed(tokenID: String)
    /// A token that does not hold, and why (for the refusal and the audit).
    case refused(why: String)

    /// Checks `text` (the `approval=` value) for `subject`. With a key, only a valid, unexpired,
    /// unused signed token counts, and using it records its nonce.
    public static func check(
        _ text: String?, subject: ApprovalToken.Subject, key: SymmetricKey?,
        nonces: NonceStore, now: Int64
    ) -> TokenStatus {
        guard let text else { return .absent }
        let token: ApprovalToken
        do {
            token = try ApprovalToken(parsing: text)
        } catch {
            return .refused(why: "the approval token is malformed")
        }
        guard let key else {
            // Without a key nothing can be verified: any token only says the client asked a human.
            guard now < token.expiry else { return .refused(why: expiredWhy(token.expiry, now)) }
            return .unsigned(tokenID: token.nonce)
        }
        do {
            try token.verify(subject, key: key, now: now)
        } catch {
            switch error {
            case .unsigned: return .refused(why: "the approval is unsigned; this server accepts only signed approvals")
            case .badSignature:
                return .refused(
                    why: "the approval's signature does not match (forged, or made for another command, user or host)")
            case .expired(let expiry, let now): return .refused(why: expiredWhy(expiry, now))
            case .malformed: return .refused(why: "the approval token is malformed")
            }
        }
        do {
            try nonces.consume(nonce: token.nonce, expiry: token.expiry, now: now)
        } catch {
            return .refused(why: error.description)
        }
        return .signed(tokenID: token.nonce)
    }

    private static func expiredWhy(_ expiry: Int64, _ now: Int64) -> String {
        "the approval expired \(now - expiry) s ago"
    }
}

/// The verdict and the token together: run (and how it was approved) or refuse (and why).
public enum ApprovalOutcome: Sendable, Equatable {
    case run(AuditRecord.Confirmation)
    case refuse(EnforcerRefusal, AuditRecord.Confirmation)

    public static func decide(verdict: Verdict, mode: PolicyMode, token: TokenStatus) -> ApprovalOutcome {
        switch verdict.decision {
        case .allow:
            return .run(AuditRecord.Confirmation(kind: .none))
        case .block:
            return .refuse(EnforcerRefusal(verdict: verdict, mode: mode), AuditRecord.Confirmation(kind: .none))
        case .needsConfirmation:
            switch token {
            case .signed(let id):
                return .run(AuditRecord.Confirmation(kind: .signed, tokenID: id))
            case .unsigned(let id):
                return .run(AuditRecord.Confirmation(kind: .unsigned, tokenID: id))
            case .absent:
                let reasons =
                    verdict.deciding + [
                        EnforcerRule.confirmationRequired.reason(
                            "needs a human's approval and none came with it", .needsConfirmation)
                    ]
                let refusal = EnforcerRefusal(
                    mode: mode, decision: .needsConfirmation, reasons: reasons,
                    hint:
                        "run it through ssh-for-agents (run_command or `ssh-for-agents-run run`), which asks a human and sends the approval"
                )
                return .refuse(refusal, AuditRecord.Confirmation(kind: .refused, why: "no approval came with the command"))
            case .refused(let why):
                let reasons = verdict.deciding + [EnforcerRule.approvalRefused.reason(why, .needsConfirmation)]
                let refusal = EnforcerRefusal(
                    mode: mode, decision: .needsConfirmation, reasons: reasons,
                    hint: "ask for a new approval; each one is for one exact command, once, until it expires")
                return .refuse(refusal, AuditRecord.Confirmation(kind: .refused, why: why))
            }
        }
    }
}
