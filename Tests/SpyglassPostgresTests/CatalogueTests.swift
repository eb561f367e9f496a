import PostgresNIO
import PostgresTestSupport
import SpyglassPostgres
import Testing

/// The database's own catalogue, checked after every migration: a table with
/// tenant data that is not under row-level security fails the build.
@Suite("Catalogue", .enabled(if: postgresConfigured, "\(TestPostgresServer.skipMessage)"))
struct CatalogueTests {
    @Test("every table with a tenant_id has RLS enabled and forced, four policies, NOT NULL, a foreign key and a leading index")
    func tenantTablesAreGuarded() async throws {
        try await withTestDatabase { db in
            try await db.withConnection(as: db.adminURL.with(database: db.name)) { connection in
                let tables = try await connection.run("""
                    SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, a.attnotnull,
                        (SELECT count(DISTINCT p.polcmd) FROM pg_policy p WHERE p.polrelid = c.oid
                            AND p.polcmd IN ('r', 'a', 'w', 'd'))::int AS commands,
                        EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'f'
                            AND k.confrelid = 'spyglass.tenants'::regclass AND k.conkey = ARRAY[a.attnum]) AS has_fk,
                        EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indkey[0] = a.attnum) AS has_index
                    FROM pg_class c
                    JOIN pg_namespace n ON n.oid = c.relnamespace
                    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
                    WHERE n.nspname = 'spyglass' AND c.relkind IN ('r', 'p')
                    ORDER BY c.relname
                    """)
                #expect(tables.count >= 12)
                for row in tables {
                    let (name, rls, forced, notNull, commands, fk, index) =
                        try row.decode((String, Bool, Bool, Bool, Int, Bool, Bool).self)
                    #expect(rls, "\(name): row-level security not enabled")
                    #expect(forced, "\(name): row-level security not forced")
                    #expect(commands == 4, "\(name): policies cover \(commands) of SELECT/INSERT/UPDATE/DELETE")
                    #expect(notNull, "\(name): tenant_id may be NULL")
                    #expect(fk, "\(name): tenant_id has no foreign key to tenants")
                    #expect(index, "\(name): no index leads with tenant_id")
                }
            }
        }
    }

    @Test("the application role owns nothing, cannot bypass RLS and is no superuser")
    func applicationRoleIsLeastPrivileged() async throws {
        try await withTestDatabase { db in
            try await db.withConnection(as: db.adminURL.with(database: db.name)) { connection in
                let app = db.appURL.username
                let role = try await connection.run(
                    "SELECT rolbypassrls, rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = '\(app)'")
                let (bypass, superuser, createRole, createDB) = try #require(role.first).decode((Bool, Bool, Bool, Bool).self)
                #expect(!bypass && !superuser && !createRole && !createDB)
                #expect(try await connection.count(
                    "SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = '\(app)'") == 0)
                #expect(try await connection.count(
                    "SELECT count(*) FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner WHERE r.rolname = '\(app)'") == 0)
                // No access to the migration history.
                #expect(try await connection.count("""
                    SELECT count(*) FROM pg_tables WHERE schemaname = 'spyglass_meta'
                    AND has_table_privilege('\(app)', schemaname || '.' || tablename, 'SELECT')
                    """) == 0)
            }
        }
    }

    @Test("cross-tenant functions are SECURITY DEFINER with a pinned search_path and not executable by PUBLIC")
    func definerFunctionsAreNarrow() async throws {
        try await withTestDatabase { db in
            try await db.withConnection(as: db.adminURL.with(database: db.name)) { connection in
                let functions = try await connection.run("""
                    SELECT p.proname, p.proconfig::text, has_function_privilege('public', p.oid, 'EXECUTE')
                    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                    WHERE n.nspname = 'spyglass' AND p.prosecdef
                    """)
                #expect(functions.count >= 8)
                for row in functions {
                    let (name, config, publicExecute) = try row.decode((String, String?, Bool).self)
                    #expect(config?.contains("search_path=spyglass") == true, "\(name): search_path not pinned")
                    #expect(!publicExecute, "\(name): executable by PUBLIC")
                }
            }
        }
    }

    @Test("views run with the invoker's rights")
    func viewsUseSecurityInvoker() async throws {
        try await withTestDatabase { db in
            try await db.withConnection(as: db.adminURL.with(database: db.name)) { connection in
                let unsafe = try await connection.run("""
                    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'spyglass' AND c.relkind = 'v'
                    AND NOT coalesce('security_invoker=true' = ANY (c.reloptions), false)
                    """)
                #expect(unsafe.isEmpty)
            }
        }
    }
}
