import Testing

@testable import StetCore

/// Every refusal the lifecycle rules make, as the exact error, on a state in memory. The
/// end-to-end tests keep what only the CLI shows: the one line it prints, the exit status, and
/// the store left as it was.
@Suite("Lifecycle rules")
struct RuleTests {
    var book: RuleBook

    init() throws { book = try RuleBook() }

    @Test("Nobody reviews or approves their own revision")
    mutating func ownRevision() throws {
        let id = try book.draft("Autoclave loading", as: "sam")
        book.expect(
            .submit(document: id, reviewers: ["bob"], approvers: ["sam"]), as: "sam",
            refusedWith: .selfReview(user: "sam", document: id.text, duty: "approver"))
        book.expect(
            .submit(document: id, reviewers: ["sam"], approvers: ["carol"]), as: "sam",
            refusedWith: .selfReview(user: "sam", document: id.text, duty: "reviewer"))
        try book.record(.submit(document: id, reviewers: ["bob"], approvers: ["carol"]), as: "sam")
        try book.record(.review(document: id, accept: true, comment: nil), as: "bob")
        book.expect(
            .approve(document: id, comment: nil), as: "sam",
            refusedWith: .selfReview(user: "sam", document: id.text, duty: "approver"))
    }

    @Test("Only assigned reviewers review, only reviewers review, and approval waits for every review")
    mutating func assignments() throws {
        let id = try book.draft("Spill response")
        book.expect(
            .submit(document: id, reviewers: ["bob"], approvers: ["alice"]), as: "alice",
            refusedWith: .missingRole(user: "alice", role: .approver, action: "be the approver of \(id)"))
        try book.record(.submit(document: id, reviewers: ["bob"], approvers: ["carol"]), as: "alice")
        book.expect(
            .review(document: id, accept: true, comment: nil), as: "erin",
            refusedWith: .notAssigned(user: "erin", document: id.text, duty: "reviewer"))
        book.expect(
            .review(document: id, accept: true, comment: nil), as: "carol",
            refusedWith: .missingRole(user: "carol", role: .reviewer, action: "review documents"))
        book.expect(
            .approve(document: id, comment: nil), as: "carol",
            refusedWith: .reviewsOutstanding(document: id.text, pending: ["bob"]))
        book.expect(
            .submit(document: id, reviewers: ["bob"], approvers: ["alice"]), as: "alice",
            refusedWith: .invalidTransition(
                document: id.text, state: "in-review", action: "submit",
                allowed: "its reviewers can review it and its approvers approve or reject it"))
        book.expect(
            .review(document: id, accept: false, comment: nil), as: "bob",
            refusedWith: .missingReason(action: "rejecting a revision in review"))
        try book.record(.review(document: id, accept: true, comment: nil), as: "bob")
        book.expect(
            .review(document: id, accept: true, comment: nil), as: "bob",
            refusedWith: .alreadySigned(user: "bob", document: id.text, duty: "review"))
        book.expect(
            .submit(document: id, reviewers: [], approvers: ["carol"]), as: "alice",
            refusedWith: .invalidTransition(
                document: id.text, state: "in-review", action: "submit",
                allowed: "its reviewers can review it and its approvers approve or reject it"))
    }

    @Test("A revision needs the configured number of distinct approvers, at submission and at issue")
    mutating func approvalsRequired() throws {
        let strict = StoreConfiguration.DocumentType(
            title: "Standard operating procedure", prefix: "SOP-", digits: 4, reviewIntervalMonths: 24,
            approvalsRequired: 2)
        var lenient = strict
        lenient.approvalsRequired = 1
        try book.record(.setType(name: "sop", settings: strict), as: "dana")
        let id = try book.draft("Cold chain")
        book.expect(
            .submit(document: id, reviewers: ["bob"], approvers: ["carol"]), as: "alice",
            refusedWith: .tooFewApprovers(document: id.text, required: 2, given: 1))
        book.expect(
            .submit(document: id, reviewers: ["bob"], approvers: ["carol", "carol"]), as: "alice",
            refusedWith: .tooFewApprovers(document: id.text, required: 2, given: 1))
        book.expect(
            .submit(document: id, reviewers: [], approvers: ["carol", "erin"]), as: "alice",
            refusedWith: .noReviewers(document: id.text))
        // Approved under one approver, then the rule tightens: issue is refused.
        try book.record(.setType(name: "sop", settings: lenient), as: "dana")
        try book.approve(id)
        try book.record(.setType(name: "sop", settings: strict), as: "dana")
        book.expect(
            .issue(document: id, effective: nil), as: "dana",
            refusedWith: .tooFewApprovers(document: id.text, required: 2, given: 1))
    }

    @Test("Each state refuses what cannot follow it, naming what can")
    mutating func transitions() throws {
        let id = try book.draft("Needlestick injury")
        let fromDraft = "its authors can edit it or submit it for review"
        book.expect(
            .approve(document: id, comment: nil), as: "carol",
            refusedWith: .invalidTransition(document: id.text, state: "draft", action: "approve", allowed: fromDraft))
        book.expect(
            .issue(document: id, effective: nil), as: "dana",
            refusedWith: .invalidTransition(document: id.text, state: "draft", action: "issue", allowed: fromDraft))
        book.expect(
            .edit(document: id, content: Array("# Needlestick injury\n\nText.\n".utf8), reason: "Same"), as: "alice",
            refusedWith: .unchangedContent(document: id.text))
        try book.approve(id)
        book.expect(
            .edit(document: id, content: Array("# Late\n".utf8), reason: "Late change"), as: "alice",
            refusedWith: .invalidTransition(
                document: id.text, state: "approved", action: "edit",
                allowed: "a controller can issue it, or an approver reject it back to draft"))
        let today = book.time.day
        book.expect(
            .issue(document: id, effective: Day("2001-01-01")), as: "dana",
            refusedWith: .backdatedEffectiveDate(document: id.text, date: "2001-01-01", earliest: today.description))
        book.expect(
            .issue(document: id, effective: nil), as: "carol",
            refusedWith: .missingRole(user: "carol", role: .controller, action: "issue documents"))
        try book.record(.issue(document: id, effective: nil), as: "dana")
        try book.record(.retire(document: id, reason: "Replaced"), as: "dana")
        book.expect(
            .edit(document: id, content: Array("# New\n".utf8), reason: "x"), as: "alice",
            refusedWith: .invalidTransition(
                document: id.text, state: "retired", action: "edit", allowed: "nothing can change it"))
        book.expect(
            .retire(document: id, reason: "again"), as: "dana",
            refusedWith: .invalidTransition(
                document: id.text, state: "retired", action: "retire", allowed: "nothing can change it"))
        book.expect(
            .acknowledge(document: id), as: "rita",
            refusedWith: .invalidTransition(
                document: id.text, state: "retired", action: "acknowledge",
                allowed: "only a version in force can be acknowledged"))
    }

    @Test("Text a signature carries is one non-empty line; documents need a known type")
    mutating func text() throws {
        let id = try book.draft("Reasons")
        let changed = Array("# Reasons\n\nChanged.\n".utf8)
        book.expect(
            .edit(document: id, content: changed, reason: "  "), as: "alice",
            refusedWith: .invalidText(field: "reason", problem: "it is empty"))
        book.expect(
            .edit(document: id, content: changed, reason: "two\nlines"), as: "alice",
            refusedWith: .invalidText(
                field: "reason", problem: "it contains a line break or control character; keep it to one line"))
        book.expect(
            .create(type: "nonsense", title: "X", content: changed, reason: "New"), as: "alice",
            refusedWith: .unknownType("nonsense", known: ["form", "policy", "sop", "work-instruction"]))
        book.expect(
            .distribute(document: id, users: [], roles: []), as: "dana",
            refusedWith: .emptyDistribution(document: id.text))
    }

    @Test("Users: revoked users cannot sign, the last controller stays, keys and printed names are unique")
    mutating func users() throws {
        let id = try book.draft("Fire evacuation")
        try book.record(.revokeUser(id: "alice", reason: "Left"), as: "dana")
        book.expect(
            .edit(document: id, content: Array("# New\n".utf8), reason: "Update"), as: "alice",
            refusedWith: .userRevoked("alice"))
        book.expect(.edit(document: id, content: [], reason: "x"), as: "zed", refusedWith: .unknownUser("zed"))
        book.expect(
            .revokeUser(id: "dana", reason: "Leaving"), as: "dana",
            refusedWith: .invalidText(
                field: "revocation", problem: "dana is the last controller; add another controller first"))
        book.expect(
            .addUser(NewUser(id: "bobby", name: "Bob Again", roles: [.approver], key: RuleBook.keys["bob"]!)),
            as: "dana", refusedWith: .keyInUse(owner: "bob"))
        book.expect(
            .addUser(NewUser(id: "zoe", name: "Zoe", roles: [.controller], key: RuleBook.keys["zoe"]!)), as: "bob",
            refusedWith: .missingRole(user: "bob", role: .controller, action: "add users"))
        book.expect(
            .addUser(NewUser(id: "zoe", name: "Zoe", roles: [], key: RuleBook.keys["zoe"]!)), as: "dana",
            refusedWith: .noRoles(user: "zoe"))
        book.expect(
            .addUser(NewUser(id: "zoe", name: "bob  lindqvist.", roles: [.reader], key: RuleBook.keys["zoe"]!)),
            as: "dana",
            refusedWith: .invalidText(
                field: "name",
                problem: "'bob  lindqvist.' is already the printed name of bob; add what tells them apart "
                    + "(a middle initial, a department)"))
        book.expect(
            .addUser(NewUser(id: "bob", name: "Another Bob", roles: [.reader], key: RuleBook.keys["zoe"]!)),
            as: "dana", refusedWith: .userExists("bob"))
    }

    @Test("Each event records the document's state before and after it, as verify re-derives it")
    mutating func statesRecorded() throws {
        let id = try book.draft("States")
        #expect(book.state.files[Layout.draft(id.text)] != nil)
        try book.record(.submit(document: id, reviewers: ["bob"], approvers: ["carol"]), as: "alice")
        let review = try book.record(.review(document: id, accept: true, comment: nil), as: "bob")
        #expect(review.stateBefore == .inReview && review.stateAfter == .inReview)
        let approval = try book.record(.approve(document: id, comment: nil), as: "carol")
        #expect(approval.stateBefore == .inReview && approval.stateAfter == .approved)
        let issue = try book.record(.issue(document: id, effective: nil), as: "dana")
        #expect(issue.stateBefore == .approved && issue.stateAfter == .effective)
        let edit = try book.record(
            .edit(document: id, content: Array("# States\n\nNext.\n".utf8), reason: "Next"), as: "alice")
        // A new revision is worked on while version 1 stays in force: the workflow state is draft.
        #expect(edit.stateBefore == .effective && edit.stateAfter == .draft)
    }

    @Test("Type changes are made against the configuration as it is when recorded; a new type needs title and prefix")
    mutating func typeChanges() throws {
        book.expect(
            .changeType(name: "sop", changes: .init(reviewIntervalMonths: 12)), as: "alice",
            refusedWith: .missingRole(user: "alice", role: .controller, action: "configure document types"))
        book.expect(
            .changeType(name: "audit-report", changes: .init(title: "Audit report")), as: "dana",
            refusedWith: .newTypeIncomplete("audit-report"))
        let event = try book.record(.changeType(name: "sop", changes: .init(approvalsRequired: 2)), as: "dana")
        // Recorded as the whole setting, as a `type set` with every value is.
        #expect(
            event.kind == .setType && event.written(.typeApprovals) == "2" && event.written(.typeReviewMonths) == "24")
        #expect(event.written(.typePrefix) == "SOP-" && event.written(.title) == "Standard operating procedure")
    }

    @Test("A retired document stands retired from the day of its retirement, not before")
    mutating func retirementByDate() throws {
        let id = try book.draft("Retired later")
        try book.approve(id)
        try book.record(.issue(document: id, effective: nil), as: "dana")
        let issuedOn = book.time.day
        book.time = Timestamp(seconds: book.time.seconds + 3 * 86_400)
        try book.record(.retire(document: id, reason: "Withdrawn"), as: "dana")
        let document = try #require(try book.state.document(id.text))
        let version = try #require(document.versions.first)
        #expect(document.state(on: issuedOn) == .effective)
        #expect(document.standing(of: version, on: issuedOn) == .inForce)
        #expect(document.state(on: book.time.day) == .retired)
        #expect(document.standing(of: version, on: book.time.day) == .retired)
        #expect(document.effectiveVersion(on: book.time.day) == nil)
    }

    @Test("The copy register: numbers in order, only controllers, never for a retired document")
    mutating func copyRegister() throws {
        let id = try book.draft("Copies")
        try book.approve(id)
        try book.record(.issue(document: id, effective: nil), as: "dana")
        let hash = "sha256:" + String(repeating: "ab", count: 32)
        book.expect(
            .issueCopy(document: id, version: 1, number: 1, holder: "Bench", file: hash), as: "alice",
            refusedWith: .missingRole(user: "alice", role: .controller, action: "issue controlled copies"))
        book.expect(
            .issueCopy(document: id, version: 1, number: 2, holder: "Bench", file: hash), as: "dana",
            refusedWith: .copyNumberTaken(document: id.text, number: 2))
        book.expect(
            .issueCopy(document: id, version: 7, number: 1, holder: "Bench", file: hash), as: "dana",
            refusedWith: .noSuchVersion(document: id.text, version: 7))
        book.expect(
            .issueCopy(document: id, version: 1, number: 1, holder: "Bench", file: "md5:00"), as: "dana",
            refusedWith: .invalidText(
                field: "copy file hash", problem: "it is not a SHA-256 (sha256:<64 hex digits>)"))
        let event = try book.record(
            .issueCopy(document: id, version: 1, number: 1, holder: "Bench", file: hash), as: "dana")
        #expect(
            event.written(.copy) == "1" && event.written(.copyHolder) == "Bench" && event.written(.copyFile) == hash)
        book.expect(
            .recallCopy(document: id, number: 2, reason: "x"), as: "dana",
            refusedWith: .unknownCopy(document: id.text, number: 2))
        try book.record(.retire(document: id, reason: "Withdrawn"), as: "dana")
        book.expect(
            .issueCopy(document: id, version: 1, number: 2, holder: "Bench", file: hash), as: "dana",
            refusedWith: .invalidTransition(
                document: id.text, state: "retired", action: "issue a copy of", allowed: "no copy of it may be issued"))
        try book.record(.recallCopy(document: id, number: 1, reason: "Retired"), as: "dana")
        try book.record(.destroyCopy(document: id, number: 1), as: "dana")
    }

    @Test("Store settings: a controller sets the organisation and a real time zone, or nothing changes")
    mutating func settings() throws {
        book.expect(
            .configureStore(organisation: "Lab", timeZone: nil), as: "alice",
            refusedWith: .missingRole(user: "alice", role: .controller, action: "change the store's settings"))
        book.expect(
            .configureStore(organisation: nil, timeZone: "Mars/Olympus"), as: "dana",
            refusedWith: .invalidText(
                field: "time zone", problem: "'Mars/Olympus' is not a time zone name like Europe/London"))
        book.expect(
            .configureStore(organisation: nil, timeZone: nil), as: "dana",
            refusedWith: .invalidText(field: "settings", problem: "nothing to change"))
        try book.record(.configureStore(organisation: "Core Laboratory", timeZone: nil), as: "dana")
        let event = try book.record(.configureStore(organisation: nil, timeZone: "Europe/Paris"), as: "dana")
        // The event records the settings as they stand after it, so it replays alone.
        #expect(event.written(.organisation) == "Core Laboratory" && event.written(.timeZone) == "Europe/Paris")
        #expect(try book.state.configuration().timeZone == "Europe/Paris")
    }

    @Test("Resubmitted after a rejection, a revision goes to the same reviewers and approvers unless others are named")
    mutating func resubmission() throws {
        let id = try book.draft("Resubmitted")
        try book.record(.submit(document: id, reviewers: ["bob"], approvers: ["carol"]), as: "alice")
        try book.record(.reject(document: id, reason: "Clarify step 2"), as: "carol")
        try book.record(
            .edit(document: id, content: Array("# Resubmitted\n\nClearer.\n".utf8), reason: "Clarified"), as: "alice")
        let again = try book.record(.submit(document: id, reviewers: [], approvers: []), as: "alice")
        #expect(again.written(.reviewers) == "bob" && again.written(.approvers) == "carol")
        try book.record(.reject(document: id, reason: "Once more"), as: "carol")
        let other = try book.record(.submit(document: id, reviewers: ["erin"], approvers: []), as: "alice")
        #expect(other.written(.reviewers) == "erin" && other.written(.approvers) == "carol")
    }

    @Test("Details change only by the owner or a controller, to an author, and only when something changes")
    mutating func documentDetails() throws {
        let id = try book.draft("Specimen reception")
        book.expect(
            .updateDocument(document: id, title: "X", owner: nil, department: nil, reason: "r"), as: "bob",
            refusedWith: .notOwnerOrController(
                user: "bob", document: "SOP-0001", owner: "alice", action: "change the details of"))
        book.expect(
            .updateDocument(document: id, title: nil, owner: "rita", department: nil, reason: "r"), as: "dana",
            refusedWith: .missingRole(user: "rita", role: .author, action: "own documents"))
        book.expect(
            .updateDocument(document: id, title: "Specimen reception", owner: nil, department: nil, reason: "r"),
            as: "alice",
            refusedWith: .invalidText(field: "details", problem: "they are already as given; nothing would change"))
        let event = try book.record(
            .updateDocument(document: id, title: "Reception", owner: "amir", department: "Labs", reason: "r"),
            as: "alice")
        #expect(
            event.kind == .updateDocument && event.written(.title) == "Reception" && event.written(.owner) == "amir")
        #expect(event.written(.department) == "Labs" && event.role == .author && event.meaning == .administration)
    }

    @Test("From format 3 one person does not review and approve a revision, unless its type allows it")
    mutating func reviewerAndApproverDiffer() throws {
        let id = try book.draft("Spill response")
        book.expect(
            .submit(document: id, reviewers: ["erin"], approvers: ["erin"]), as: "alice",
            refusedWith: .reviewerApproves(user: "erin", document: id.text, type: "sop"))
        try book.record(.submit(document: id, reviewers: ["erin"], approvers: ["carol"]), as: "alice")
        book.expect(
            .reassign(document: id, reviewers: [], approvers: ["erin"], reason: "Carol is away"), as: "alice",
            refusedWith: .reviewerApproves(user: "erin", document: id.text, type: "sop"))
        let allowed = try book.record(
            .changeType(name: "sop", changes: .init(reviewerMayApprove: true)), as: "dana")
        #expect(allowed.written(.typeReviewerMayApprove) == "yes")
        try book.record(
            .reassign(document: id, reviewers: [], approvers: ["erin"], reason: "Carol is away"), as: "alice")
        let again = try book.record(.changeType(name: "sop", changes: .init(reviewerMayApprove: false)), as: "dana")
        #expect(again.written(.typeReviewerMayApprove) == nil, "false is written as absent")
    }

    @Test("A document is part of others that exist, never of itself or of its own part; only from format 3")
    mutating func partOfLinks() throws {
        let procedure = try book.draft("Design and development")
        let form = try book.draft("Design plan")
        book.expect(
            .updateDocument(document: form, title: nil, owner: nil, department: nil, partOf: [form], reason: "r"),
            as: "alice", refusedWith: .invalidText(field: "part of", problem: "\(form) cannot be part of itself"))
        book.expect(
            .updateDocument(document: form, title: nil, owner: nil, department: nil, partOf: ["SOP-0099"], reason: "r"),
            as: "alice", refusedWith: .noSuchDocument("SOP-0099", nearest: ["SOP-0001", "SOP-0002"]))
        let linked = try book.record(
            .updateDocument(document: form, title: nil, owner: nil, department: nil, partOf: [procedure], reason: "r"),
            as: "alice")
        #expect(linked.written(.partOf) == procedure.text)
        book.expect(
            .updateDocument(document: procedure, title: nil, owner: nil, department: nil, partOf: [form], reason: "r"),
            as: "alice",
            refusedWith: .invalidText(
                field: "part of",
                problem: "\(form) is already part of \(procedure); a document cannot be part of its part"))
        // The title changes; the link stays and the event names it, as it stands after.
        let retitled = try book.record(
            .updateDocument(document: form, title: "Design plan form", owner: nil, department: nil, reason: "r"),
            as: "alice")
        #expect(retitled.written(.partOf) == procedure.text)
        let unlinked = try book.record(
            .updateDocument(document: form, title: nil, owner: nil, department: nil, partOf: [], reason: "r"),
            as: "alice")
        #expect(unlinked.written(.partOf) == nil)
    }

    @Test("Content events name the clause tags of their text from format 3")
    mutating func clauseTags() throws {
        let created = try book.record(
            .create(
                type: "sop", title: "Document control",
                content: Array("# Document control\n<!-- [13485:4.2.4g,4.2.5] -->\n\n| a | [9001:7.5.3] |\n".utf8),
                reason: "New"), as: "alice")
        #expect(created.written(.clauses) == "9001:7.5.3, 13485:4.2.4g, 13485:4.2.5")
        let untagged = try book.record(
            .edit(document: try #require(created.documentID), content: Array("# Document control\n".utf8), reason: "r"),
            as: "alice")
        #expect(untagged.written(.clauses) == nil)
    }

    @Test("Reassigning and withdrawing: an author or a controller, a revision in review, with valid signers")
    mutating func reassignAndWithdraw() throws {
        let id = try book.draft("Spill response")
        book.expect(
            .reassign(document: id, reviewers: ["erin"], approvers: [], reason: "r"), as: "alice",
            refusedWith: .invalidTransition(
                document: id.text, state: "draft", action: "reassign",
                allowed: "its authors can edit it or submit it for review"))
        try book.record(.submit(document: id, reviewers: ["bob"], approvers: ["carol"]), as: "alice")
        try book.record(.review(document: id, accept: true, comment: nil), as: "bob")
        book.expect(
            .reassign(document: id, reviewers: ["erin"], approvers: [], reason: "r"), as: "bob",
            refusedWith: .missingRole(
                user: "bob", role: .controller,
                action: "reassign reviewers and approvers (or be an author of the revision)"))
        book.expect(
            .reassign(document: id, reviewers: [], approvers: [], reason: "r"), as: "dana",
            refusedWith: .invalidText(field: "reassignment", problem: "it names no reviewers and no approvers"))
        book.expect(
            .reassign(document: id, reviewers: [], approvers: ["rita"], reason: "r"), as: "dana",
            refusedWith: .missingRole(user: "rita", role: .approver, action: "be the approver of \(id)"))
        book.expect(
            .reassign(document: id, reviewers: ["bob"], approvers: ["carol"], reason: "r"), as: "dana",
            refusedWith: .invalidText(field: "reassignment", problem: "the reviewers and approvers are already these"))
        // Bob stays and keeps his review; the new approver signs.
        try book.record(.reassign(document: id, reviewers: [], approvers: ["erin"], reason: "r"), as: "dana")
        try book.record(.approve(document: id, comment: nil), as: "erin")
        book.expect(
            .withdraw(document: id, reason: "r"), as: "erin",
            refusedWith: .missingRole(
                user: "erin", role: .controller,
                action: "withdraw a revision from review (or be an author of the revision)"))
        let withdrawn = try book.record(.withdraw(document: id, reason: "Not yet"), as: "alice")
        #expect(withdrawn.stateBefore == .approved && withdrawn.stateAfter == .draft)
        book.expect(
            .withdraw(document: id, reason: "r"), as: "alice",
            refusedWith: .invalidTransition(
                document: id.text, state: "draft", action: "withdraw",
                allowed: "its authors can edit it or submit it for review"))
    }

    @Test("Keys and roles: a new key by the user or a controller, never one in use; the last controller stays one")
    mutating func keysAndRoles() throws {
        let fresh = SigningKey.generate(user: "bob").publicKey
        book.expect(
            .rekeyUser(id: "bob", key: fresh, reason: "r"), as: "alice",
            refusedWith: .missingRole(user: "alice", role: .controller, action: "give another user a new key"))
        book.expect(
            .rekeyUser(id: "bob", key: RuleBook.keys["carol"]!, reason: "r"), as: "bob",
            refusedWith: .keyInUse(owner: "carol"))
        let rekeyed = try book.record(.rekeyUser(id: "bob", key: fresh, reason: "Rotation"), as: "bob")
        #expect(rekeyed.role == .reviewer && rekeyed.written(.subjectKey) == fresh.openSSH)
        book.expect(
            .setRoles(id: "rita", roles: [.reader], reason: "r"), as: "dana",
            refusedWith: .invalidText(field: "roles", problem: "rita already has exactly these roles"))
        book.expect(
            .setRoles(id: "rita", roles: [], reason: "r"), as: "dana", refusedWith: .noRoles(user: "rita"))
        book.expect(
            .setRoles(id: "dana", roles: [.author], reason: "r"), as: "dana",
            refusedWith: .invalidText(
                field: "roles", problem: "dana is the last controller; give another user the controller role first"))
        let roles = try book.record(.setRoles(id: "rita", roles: [.reviewer, .reader], reason: "r"), as: "dana")
        #expect(roles.written(.subjectRoles) == "reviewer, reader")
    }

    @Test("An acknowledgement is for the version in force or one issued for later, never a superseded one")
    mutating func acknowledgeVersions() throws {
        let id = try book.draft("Go-live")
        try book.approve(id)
        try book.record(.issue(document: id, effective: nil), as: "dana")
        try book.record(.edit(document: id, content: Array("# Go-live\n\nTwo.\n".utf8), reason: "r"), as: "alice")
        try book.approve(id)
        try book.record(.issue(document: id, effective: Day("2026-06-01")!), as: "dana")
        #expect(try book.record(.acknowledge(document: id), as: "rita").version == 1)
        #expect(try book.record(.acknowledge(document: id, version: 2), as: "rita").version == 2)
        book.expect(
            .acknowledge(document: id, version: 3), as: "erin",
            refusedWith: .invalidText(
                field: "version",
                problem: "\(id) v3 is neither in force nor issued to take effect; it can be acknowledged as v1 or v2"))
    }

    @Test(
        "Four eyes hold for keys and roles: no change that only its maker could confirm, and a confirmation names what it confirms"
    )
    mutating func fourEyesForChanges() throws {
        try book.record(
            .setRoles(id: "erin", roles: [.approver, .reviewer, .controller], reason: "Deputy"), as: "dana")
        try book.record(.requireEnrolmentConfirmation, as: "dana")
        // Dana cannot neutralise Erin, the one other controller, by a change only Dana could confirm.
        let refusal = StetError.invalidText(
            field: "change",
            problem: "no other active controller could confirm it, and the store requires a second "
                + "controller's confirmation; enrol or confirm another controller first")
        book.expect(
            .setRoles(id: "erin", roles: [.approver, .reviewer, .controller, .author], reason: "r"), as: "dana",
            refusedWith: refusal)
        book.expect(
            .rekeyUser(id: "erin", key: SigningKey.generate(user: "erin").publicKey, reason: "r"), as: "dana",
            refusedWith: refusal)
        // A key given to Bob waits for Erin; Erin confirms the key she checked, not another.
        let given = SigningKey.generate(user: "bob").publicKey
        try book.record(.rekeyUser(id: "bob", key: given, reason: "Lost"), as: "dana")
        let other = SigningKey.generate(user: "bob").publicKey
        book.expect(
            .confirmUser(id: "bob", key: other, roles: nil), as: "erin",
            refusedWith: .invalidText(
                field: "confirmation",
                problem: "bob's key is now \(given.fingerprint), not \(other.fingerprint): check it again"))
        book.expect(
            .confirmUser(id: "bob", key: given, roles: nil), as: "dana",
            refusedWith: .selfConfirmation(user: "bob", controller: "dana"))
        let confirmed = try book.record(.confirmUser(id: "bob", key: given, roles: [.reviewer]), as: "erin")
        #expect(confirmed.written(.subjectKey) == given.openSSH && confirmed.written(.subjectRoles) == "reviewer")
    }

    @Test("Reassigning checks those kept as it checks those named, and new reviewers void earlier approvals")
    mutating func reassignChecksEveryone() throws {
        let id = try book.draft("Kept")
        try book.record(.submit(document: id, reviewers: ["bob"], approvers: ["erin"]), as: "alice")
        try book.record(.setRoles(id: "erin", roles: [.reviewer], reason: "No longer approves"), as: "dana")
        book.expect(
            .reassign(document: id, reviewers: ["sam"], approvers: [], reason: "r"), as: "dana",
            refusedWith: .missingRole(user: "erin", role: .approver, action: "be the approver of \(id)"))
        let other = try book.draft("Approved early")
        try book.record(.submit(document: other, reviewers: ["bob"], approvers: ["carol"]), as: "alice")
        try book.record(.review(document: other, accept: true, comment: nil), as: "bob")
        try book.record(
            .reassign(document: other, reviewers: ["bob", "sam"], approvers: [], reason: "More eyes"), as: "dana")
        try book.record(.review(document: other, accept: true, comment: nil), as: "sam")
        let approved = try book.record(.approve(document: other, comment: nil), as: "carol")
        #expect(approved.stateAfter == .approved)
        book.expect(
            .approve(document: other, comment: nil), as: "carol",
            refusedWith: .invalidTransition(
                document: other.text, state: "approved", action: "approve",
                allowed: "a controller can issue it, or an approver reject it back to draft"))
    }
}
