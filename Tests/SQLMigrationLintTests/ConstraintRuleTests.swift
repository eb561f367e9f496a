import SQLMigrationLint
import Testing

@Suite("Constraint rules")
struct ConstraintRuleTests {
    @Test func foreignKeyWithoutNotValidIsFlagged() {
        #expect(lintRules("ALTER TABLE monitors ADD CONSTRAINT fk FOREIGN KEY (tenant_id) REFERENCES tenants (id);")
            == [.constraintMissingNotValid])
        #expect(lintRules("ALTER TABLE monitors ADD FOREIGN KEY (tenant_id) REFERENCES tenants;")
            == [.constraintMissingNotValid])
    }

    @Test func checkWithoutNotValidIsFlagged() {
        #expect(lintRules("ALTER TABLE plans ADD CONSTRAINT price_positive CHECK (price > 0);")
            == [.constraintMissingNotValid])
    }

    @Test func notValidIsAllowed() {
        #expect(lintRules("ALTER TABLE monitors ADD CONSTRAINT fk FOREIGN KEY (t) REFERENCES tenants (id) NOT VALID;")
            == [])
        #expect(lintRules("ALTER TABLE plans ADD CONSTRAINT p CHECK (price > 0) NOT VALID;") == [])
    }

    @Test func validateInALaterMigrationIsAllowed() {
        #expect(lintRules("ALTER TABLE plans VALIDATE CONSTRAINT p;") == [])
    }

    @Test func validateInTheSameTransactionIsFlagged() {
        let script = """
            ALTER TABLE plans ADD CONSTRAINT p CHECK (price > 0) NOT VALID;
            ALTER TABLE plans VALIDATE CONSTRAINT p;
            """
        #expect(lintRules(script) == [.constraintMissingNotValid])
    }

    @Test func validateAfterExplicitCommitIsAllowed() {
        let script = """
            ALTER TABLE plans ADD CONSTRAINT p CHECK (price > 0) NOT VALID;
            COMMIT;
            ALTER TABLE plans VALIDATE CONSTRAINT p;
            """
        #expect(lintRules(script) == [])
    }

    @Test func constraintsOnTableCreatedInTheScriptAreAllowed() {
        let script = """
            CREATE TABLE alerts (id bigint, monitor_id bigint, level int);
            ALTER TABLE alerts ADD CONSTRAINT alerts_monitor FOREIGN KEY (monitor_id) REFERENCES monitors (id);
            ALTER TABLE alerts ADD CONSTRAINT level_range CHECK (level BETWEEN 0 AND 5), ADD UNIQUE (monitor_id, id);
            ALTER TABLE alerts ADD COLUMN owner_id bigint REFERENCES users (id);
            """
        #expect(lintRules(script) == [])
    }

    @Test func addColumnReferencesIsFlagged() {
        #expect(lintRules("ALTER TABLE monitors ADD COLUMN owner_id bigint REFERENCES users (id);")
            == [.constraintMissingNotValid])
    }

    @Test func uniqueConstraintWithoutIndexIsFlagged() {
        #expect(lintRules("ALTER TABLE users ADD CONSTRAINT users_email UNIQUE (email);")
            == [.disallowedUniqueConstraint])
        #expect(lintRules("ALTER TABLE users ADD COLUMN handle text UNIQUE;") == [.disallowedUniqueConstraint])
        #expect(lintRules("ALTER TABLE users ADD UNIQUE (email) USING INDEX TABLESPACE fast;")
            == [.disallowedUniqueConstraint])
    }

    @Test func uniqueConstraintUsingIndexIsAllowed() {
        #expect(lintRules("ALTER TABLE users ADD CONSTRAINT users_email UNIQUE USING INDEX users_email_idx;") == [])
    }

    @Test func primaryKeyWithoutIndexIsFlagged() {
        #expect(lintRules("ALTER TABLE events ADD PRIMARY KEY (id);") == [.addingPrimaryKey])
        #expect(lintRules("ALTER TABLE events ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;")
            == [.addingColumnVolatileDefault, .addingPrimaryKey])
    }

    @Test func primaryKeyUsingIndexIsAllowed() {
        #expect(lintRules("ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY USING INDEX events_id_idx;") == [])
    }

    @Test func excludeConstraintIsNotAboutThese() {
        #expect(lintRules("ALTER TABLE slots ADD CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =);") == [])
    }
}

@Suite("SET NOT NULL")
struct SetNotNullTests {
    @Test func plainSetNotNullIsFlagged() {
        #expect(lintRules("ALTER TABLE users ALTER COLUMN email SET NOT NULL;") == [.setNotNull])
        #expect(lintRules("ALTER TABLE users ALTER email SET NOT NULL;") == [.setNotNull])
    }

    @Test func validatedCheckInTheSameScriptAllowsIt() {
        // The VALIDATE itself is reported (same transaction as NOT VALID); SET NOT NULL is not.
        let script = """
            ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK ((email IS NOT NULL)) NOT VALID;
            ALTER TABLE users VALIDATE CONSTRAINT users_email_nn;
            ALTER TABLE users ALTER COLUMN email SET NOT NULL;
            """
        #expect(lintRules(script) == [.constraintMissingNotValid])
    }

    @Test func validatedCheckOnAnotherColumnDoesNotAllowIt() {
        let script = """
            ALTER TABLE users ADD CONSTRAINT c CHECK (name IS NOT NULL) NOT VALID;
            COMMIT;
            ALTER TABLE users VALIDATE CONSTRAINT c;
            ALTER TABLE users ALTER COLUMN email SET NOT NULL;
            """
        #expect(lintRules(script) == [.setNotNull])
    }

    @Test func checkNotYetValidatedDoesNotAllowIt() {
        let script = """
            ALTER TABLE users ADD CONSTRAINT c CHECK (email IS NOT NULL) NOT VALID;
            ALTER TABLE users ALTER COLUMN email SET NOT NULL;
            """
        #expect(lintRules(script) == [.setNotNull])
    }

    @Test func validatingACheckFromAnEarlierMigrationAllowsIt() {
        let script = """
            ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;
            ALTER TABLE users ALTER COLUMN email SET NOT NULL;
            """
        #expect(lintRules(script) == [])
    }

    @Test func validationOnAnotherTableDoesNotAllowIt() {
        let script = """
            ALTER TABLE accounts VALIDATE CONSTRAINT accounts_email_not_null;
            ALTER TABLE users ALTER COLUMN email SET NOT NULL;
            """
        #expect(lintRules(script) == [.setNotNull])
    }
}
