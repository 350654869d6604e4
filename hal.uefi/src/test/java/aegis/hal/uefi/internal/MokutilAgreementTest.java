package aegis.hal.uefi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import aegis.hal.uefi.codec.Guids;
import aegis.hal.uefi.model.SecureBootState;
import aegis.hal.uefi.model.SignatureDatabase;
import aegis.hal.uefi.model.SignatureEntry;
import aegis.hal.uefi.testing.Fixtures;
import aegis.hal.uefi.testing.Fixtures.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secure Boot state and key databases against the real mokutil 0.6.0, which honours
 * {@code EFIVARFS_PATH} (with a trailing slash) like efibootmgr. Skipped only without mokutil.
 */
class MokutilAgreementTest {
    private static SecureBootState read(Path efivars) throws Exception {
        return new UefiReader(EfibootmgrAgreementTest.store(efivars)).secureBoot();
    }

    private static ToolResult mokutil(Path efivars, String arg) throws Exception {
        Optional<ToolResult> r = Fixtures.runTool(efivars, "mokutil", arg);
        assumeTrue(r.isPresent(), "mokutil is not installed");
        return r.get();
    }

    @Test
    void sbStateAgreesForEachModeCombination(@TempDir Path tmp) throws Exception {
        int[][] cases = {{1, 0, 0}, {1, 1, 0}, {0, 0, 0}, {2, 2, 0}, {1, 0, 1}, {0, 1, 1}};
        int i = 0;
        for (int[] c : cases) {
            Path efivars = tmp.resolve("s" + i++);
            Fixtures.writeVariable(efivars, "SecureBoot", Fixtures.GLOBAL, 6, new byte[] {(byte) c[0]});
            Fixtures.writeVariable(efivars, "SetupMode", Fixtures.GLOBAL, 6, new byte[] {(byte) c[1]});
            if (c[2] == 1) {
                Fixtures.writeVariable(efivars, "MokSBStateRT", Guids.SHIM_LOCK.toString(), 6, new byte[] {1});
            }
            ToolResult live = mokutil(efivars, "--sb-state");
            List<String> theirs = new ArrayList<>(live.lines());
            if (!live.err().isEmpty()) {
                theirs.addAll(List.of(live.err().split("\n")));
            }
            assertEquals(theirs, read(efivars).summary(), java.util.Arrays.toString(c));
        }
        Path none = Files.createDirectories(tmp.resolve("none"));
        ToolResult live = mokutil(none, "--sb-state");
        assertEquals(List.of(live.err().strip()), read(none).summary());
    }

    /** A certificate made by keytool, stored as PK and db; mokutil --pk / --db list the same. */
    @Test
    void keyDatabasesAgreeWithMokutil(@TempDir Path tmp) throws Exception {
        Optional<Path> keytool = Fixtures.which("keytool");
        Path home = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Path kt = Files.isExecutable(home) ? home : keytool.orElse(null);
        assumeTrue(kt != null, "keytool is not available");
        Path ks = tmp.resolve("ks.p12");
        Path der = tmp.resolve("c.der");
        run(kt.toString(), "-genkeypair", "-keystore", ks.toString(), "-storepass", "pass123", "-storetype", "PKCS12",
                "-alias", "pk", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=Aegis Test PK,O=Aegis HAL,C=DE",
                "-validity", "30");
        run(kt.toString(), "-exportcert", "-keystore", ks.toString(), "-storepass", "pass123", "-alias", "pk", "-file",
                der.toString());
        byte[] cert = Files.readAllBytes(der);
        String owner = "11111111-2222-3333-4444-555555555555";
        byte[] x509 = Fixtures.b().guid(Guids.CERT_X509.toString()).u32(28 + 16 + cert.length).u32(0).u32(16 + cert.length)
                .guid(owner).raw(cert).bytes();
        byte[] hashes = Fixtures.b().guid(Guids.CERT_SHA256.toString()).u32(28 + 2 * 48).u32(0).u32(48)
                .guid(owner).raw(java.security.MessageDigest.getInstance("SHA-256").digest("abc".getBytes()))
                .guid(owner).raw(java.security.MessageDigest.getInstance("SHA-256").digest("x".getBytes())).bytes();
        Path efivars = tmp.resolve("efivars");
        Fixtures.writeVariable(efivars, "SecureBoot", Fixtures.GLOBAL, 6, new byte[] {0});
        Fixtures.writeVariable(efivars, "SetupMode", Fixtures.GLOBAL, 6, new byte[] {0});
        Fixtures.writeVariable(efivars, "PK", Fixtures.GLOBAL, 0x27, x509);
        Fixtures.writeVariable(efivars, "db", Guids.IMAGE_SECURITY_DATABASE.toString(), 0x27, Fixtures.cat(x509, hashes));
        Fixtures.writeVariable(efivars, "dbx", Guids.IMAGE_SECURITY_DATABASE.toString(), 0x27, hashes);
        SecureBootState st = read(efivars);
        for (SignatureDatabase db : st.databases()) {
            ToolResult live = mokutil(efivars, "--" + db.name().toLowerCase());
            List<String> subjects = new ArrayList<>();
            List<String> sha256 = new ArrayList<>();
            boolean inSha = false;
            int keys = 0;
            for (String l : live.lines()) {
                if (l.startsWith("[key ")) {
                    keys++;
                    inSha = false;
                } else if (l.strip().equals("[SHA-256]")) {
                    inSha = true;
                } else if (l.startsWith("        Subject: ")) {
                    subjects.add(l.substring("        Subject: ".length()));
                } else if (inSha && l.startsWith("  ") && l.strip().matches("[0-9a-f]{64}")) {
                    sha256.add(l.strip());
                }
            }
            List<String> ourSubjects = new ArrayList<>();
            List<String> ourHashes = new ArrayList<>();
            db.lists().forEach(list -> {
                for (SignatureEntry e : list.entries()) {
                    if (e.x509Subject().isPresent()) {
                        ourSubjects.add(opensslOrder(e.x509Subject().get()));
                    } else {
                        ourHashes.add(e.sha256());
                    }
                }
            });
            if (db.name().equals("PK") || db.name().equals("db")) {
                assertEquals(1, subjects.size(), db.name() + ": " + live.out());
            }
            if (db.name().equals("dbx")) {
                assertEquals(2, sha256.size(), live.out());
            }
            assertEquals(subjects, ourSubjects, db.name());
            assertEquals(sha256, ourHashes, db.name());
            assertEquals(keys, db.lists().size(), db.name() + ": mokutil shows one [key] per list");
            assertEquals(db.present(), !live.lines().isEmpty() || db.present(), db.name());
        }
    }

    /** RFC 2253 (most significant RDN last) to OpenSSL's one-line order ("C=DE, O=..., CN=..."). */
    private static String opensslOrder(String rfc2253) {
        List<String> rdns = new ArrayList<>(List.of(rfc2253.split(",")));
        Collections.reverse(rdns);
        return String.join(", ", rdns);
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor(), String.join(" ", cmd));
    }
}
