package aegis.hal.capability.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.api.json.Json;
import aegis.hal.capability.api.CapabilityAdmin;
import aegis.hal.capability.api.Denial;
import aegis.hal.capability.api.Grant;
import aegis.hal.capability.api.Identity;
import aegis.hal.capability.api.KeyInfo;
import aegis.hal.capability.api.Permission;
import aegis.hal.capability.api.Principal;
import aegis.hal.capability.api.Token;
import aegis.hal.capability.token.TokenBody;
import aegis.hal.capability.token.TokenCodec;

/**
 * The {@code cap:} shell commands. Thin: each delegates to {@link CapabilityAdmin} and returns
 * text (or JSON with {@code --json}); errors come back as one line starting with the error code,
 * and change nothing.
 */
@Component(service = Object.class, property = {"osgi.command.scope=cap",
        "osgi.command.function=grant", "osgi.command.function=revoke", "osgi.command.function=list",
        "osgi.command.function=check", "osgi.command.function=token", "osgi.command.function=attenuate",
        "osgi.command.function=audit", "osgi.command.function=whoami", "osgi.command.function=keys"})
public final class CapabilityCommands {
    private final CapabilityAdmin admin;
    private final BundleContext context;

    /**
     * @param admin   the capability administration service
     * @param context the bundle context (to look bundles up)
     */
    @Activate
    public CapabilityCommands(@Reference CapabilityAdmin admin, BundleContext context) {
        this.admin = admin;
        this.context = context;
    }

    /**
     * @param ttl       how long
     * @param target    whom
     * @param perms     what
     * @param devices   where
     * @return the grant
     */
    @Descriptor("grant a principal or bundle permissions on devices, for a time")
    public String grant(
            @Descriptor("validity: 30s, 15m, 2h, 7d or ISO-8601 (PT2H); default 24h") @Parameter(names = "--ttl", absentValue = "24h") String ttl,
            @Descriptor("container/app, bundle id or bundle symbolic name") String target,
            @Descriptor("permissions, comma-separated: read,write,execute,admin,capture,playback,mixer,realtime,passthrough or all") String perms,
            @Descriptor("devfs pattern, e.g. /dev/audio/* or /dev/block/nvme0n1 or /dev/**") String devices) {
        try {
            Principal p = principal(target);
            Token t = admin.grant(p, Permission.parse(perms), devices, null, expiry(ttl));
            return "granted " + t.id() + " to " + p + ": " + Permission.names(t.permissions()) + " on " + t.devices()
                    + " until " + t.expiry();
        } catch (HalException e) {
            return error(e);
        }
    }

    /**
     * @param token a token text
     * @return the grant
     */
    @Descriptor("grant a signed token (base64url text) to the principal it is bound to")
    public String grant(@Descriptor("the token text") String token) {
        try {
            Token t = admin.grant(token);
            return "granted " + t.id() + " to " + t.principal() + ": " + Permission.names(t.permissions()) + " on "
                    + t.devices() + " until " + t.expiry();
        } catch (HalException e) {
            return error(e);
        }
    }

    /**
     * @param id a token id
     * @return what was revoked
     */
    @Descriptor("revoke a token and every token derived from it")
    public String revoke(@Descriptor("token id (or a unique prefix of 8+ hex digits)") String id) {
        try {
            List<String> ids = admin.revoke(id);
            return "revoked " + String.join(", ", ids);
        } catch (HalException e) {
            return error(e);
        }
    }

    /**
     * @param json JSON output
     * @return the grants
     */
    @Descriptor("list the grants")
    public String list(@Descriptor("JSON output") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
        List<Grant> grants = admin.grants();
        if (json) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Grant g : grants) {
                Map<String, Object> m = tokenMap(g.token());
                m.put("state", g.state());
                m.put("children", g.children());
                out.add(m);
            }
            return Json.pretty(out);
        }
        if (grants.isEmpty()) {
            return "no grants";
        }
        StringBuilder sb = new StringBuilder(String.format("%-32s %-24s %-8s %-22s %-24s %s%n", "TOKEN", "PRINCIPAL",
                "STATE", "PERMISSIONS", "DEVICES", "EXPIRY"));
        for (Grant g : grants) {
            Token t = g.token();
            sb.append(String.format("%-32s %-24s %-8s %-22s %-24s %s%s%n", t.id(), t.principal(), g.state(),
                    Permission.names(t.permissions()), t.devices(), t.expiry(),
                    t.isRoot() ? "" : " (from " + t.parent().substring(0, 8) + ")"));
        }
        return sb.toString().stripTrailing();
    }

    /**
     * @param bundle a bundle
     * @param path   a path
     * @param perm   permissions
     * @return the answer
     */
    @Descriptor("check whether a bundle may use a device path")
    public String check(@Descriptor("bundle id or symbolic name") String bundle,
            @Descriptor("devfs path, e.g. /dev/block/nvme0n1") String path,
            @Descriptor("permissions, comma-separated") String perm) {
        try {
            Bundle b = bundle(bundle);
            int mask = Permission.parse(perm);
            CapabilityEngine engine = engine();
            var subject = engine.subject(b);
            int held = engine.permissions(subject, path);
            boolean ok = (held & mask) == mask;
            return (ok ? "allowed: " : "denied: ") + subject + " holds " + Permission.names(held) + " on " + path
                    + (ok ? "" : ", missing " + Permission.names(mask & ~held));
        } catch (HalException e) {
            return error(e);
        }
    }

    /**
     * @param action print or decode
     * @param arg    a token id or text
     * @return the token
     */
    @Descriptor("print a granted token's text, or decode a token text")
    public String token(@Descriptor("print <token id> | decode <token text>") String action,
            @Descriptor("a token id (print) or a token text (decode)") String arg) {
        try {
            switch (action) {
                case "print":
                    return admin.token(arg).encoded();
                case "decode":
                    TokenBody b = TokenCodec.decode(TokenCodec.fromText(arg)).body();
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", b.id());
                    m.put("parent", b.parent());
                    m.put("depth", b.depth());
                    m.put("principal", b.container() + "/" + b.app());
                    m.put("permissions", Permission.names(b.permissions()));
                    m.put("devices", b.devices());
                    m.put("notBefore", Instant.ofEpochSecond(b.notBefore()).toString());
                    m.put("expiry", Instant.ofEpochSecond(b.expiry()).toString());
                    m.put("keyId", b.keyId());
                    String verdict;
                    try {
                        engine().verify(arg);
                        verdict = "valid signature";
                    } catch (HalException e) {
                        verdict = e.getMessage();
                    }
                    m.put("signature", verdict);
                    return Json.pretty(m);
                default:
                    return "INVALID_ARGUMENT: unknown action '" + action + "' (issue, print, decode)";
            }
        } catch (HalException e) {
            return error(e);
        }
    }

    /**
     * @param ttl     validity
     * @param action  issue
     * @param target  whom
     * @param perms   what
     * @param devices where
     * @return the token text
     */
    @Descriptor("issue (sign) a token without granting it; prints its text")
    public String token(
            @Descriptor("validity, default 24h") @Parameter(names = "--ttl", absentValue = "24h") String ttl,
            @Descriptor("issue") String action,
            @Descriptor("container/app, bundle id or symbolic name") String target,
            @Descriptor("permissions, comma-separated") String perms,
            @Descriptor("devfs pattern") String devices) {
        if (!action.equals("issue")) {
            return "INVALID_ARGUMENT: unknown action '" + action + "' (issue, print, decode)";
        }
        try {
            return admin.issue(principal(target), Permission.parse(perms), devices, null, expiry(ttl)).encoded();
        } catch (HalException e) {
            return error(e);
        }
    }

    /**
     * @param ttl     validity (0: the parent's)
     * @param parent  parent id
     * @param target  whom
     * @param perms   what
     * @param devices where
     * @return the child
     */
    @Descriptor("derive a narrower token from a granted one and grant it")
    public String attenuate(
            @Descriptor("validity of the child; default: the parent's expiry") @Parameter(names = "--ttl", absentValue = "") String ttl,
            @Descriptor("parent token id") String parent,
            @Descriptor("container/app, bundle id or symbolic name of the child's holder") String target,
            @Descriptor("permissions, a subset of the parent's") String perms,
            @Descriptor("devfs pattern within the parent's") String devices) {
        try {
            Token t = admin.attenuate(parent, principal(target), Permission.parse(perms), devices,
                    ttl.isBlank() ? null : expiry(ttl));
            return "granted " + t.id() + " to " + t.principal() + " (from " + t.parent() + ", depth " + t.depth() + "): "
                    + Permission.names(t.permissions()) + " on " + t.devices() + " until " + t.expiry();
        } catch (HalException e) {
            return error(e);
        }
    }

    /**
     * @param json JSON output
     * @return the denial log
     */
    @Descriptor("show recent denials")
    public String audit(@Descriptor("JSON output") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
        List<Denial> denials = admin.denials();
        if (json) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Denial d : denials) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("time", d.time().toString());
                m.put("subject", d.subject());
                m.put("path", d.path());
                m.put("requested", Permission.names(d.requested()));
                m.put("missing", Permission.names(d.missing()));
                m.put("count", d.count());
                out.add(m);
            }
            return Json.pretty(out);
        }
        if (denials.isEmpty()) {
            return "no denials";
        }
        StringBuilder sb = new StringBuilder();
        for (Denial d : denials) {
            sb.append(d).append('\n');
        }
        return sb.toString().stripTrailing();
    }

    /**
     * @param json   JSON output
     * @param bundle a bundle
     * @return its identity
     */
    @Descriptor("show how the runtime identifies a bundle")
    public String whoami(@Descriptor("JSON output") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("bundle id or symbolic name") String bundle) {
        try {
            Identity id = admin.identity(bundle(bundle));
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("bundle", id.bundleId());
                m.put("symbolicName", id.symbolicName());
                m.put("location", id.location());
                m.put("principal", id.principal().map(Principal::toString).orElse(null));
                m.put("trusted", id.trusted());
                m.put("source", id.source());
                return Json.pretty(m);
            }
            return "bundle " + id.bundleId() + " (" + id.symbolicName() + "): "
                    + (id.trusted() ? "trusted" : id.principal().map(p -> "principal " + p).orElse("no principal"))
                    + " [" + id.source() + "]";
        } catch (HalException e) {
            return error(e);
        }
    }

    /**
     * @param json JSON output
     * @return the keys
     */
    @Descriptor("list the signing keys")
    public String keys(@Descriptor("JSON output") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
        List<KeyInfo> keys = admin.keys();
        if (json) {
            return Json.pretty(keys);
        }
        StringBuilder sb = new StringBuilder();
        for (KeyInfo k : keys) {
            sb.append(k.id()).append(k.active() ? " active " : " ").append(k.canSign() ? "" : "(verify only) ")
                    .append("created ").append(k.created()).append(", ").append(k.grants()).append(" grants\n");
        }
        return sb.toString().stripTrailing();
    }

    /**
     * @param action rotate or retire
     * @param id     the key to retire
     * @return what happened
     */
    @Descriptor("rotate (new active key) or retire <id> (delete a key and revoke what it signed)")
    public String keys(@Descriptor("rotate | retire") String action,
            @Descriptor("key id (retire only); ignored for rotate") @Parameter(names = "--id", absentValue = "") String id) {
        try {
            switch (action) {
                case "rotate":
                    return "active key " + admin.rotateKey().id();
                case "retire":
                    if (id.isBlank()) {
                        return "INVALID_ARGUMENT: retire needs --id <key id>";
                    }
                    return "retired " + id + ", revoked " + admin.retireKey(id);
                default:
                    return "INVALID_ARGUMENT: unknown action '" + action + "' (rotate, retire)";
            }
        } catch (HalException e) {
            return error(e);
        }
    }

    // ---------------------------------------------------------------- helpers

    private CapabilityEngine engine() throws HalException {
        if (admin instanceof CapabilityEngine e) {
            return e;
        }
        throw new HalException(ErrorCode.UNSUPPORTED, "the capability service is not the local engine");
    }

    private static Map<String, Object> tokenMap(Token t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("parent", t.parent());
        m.put("depth", t.depth());
        m.put("principal", t.principal().toString());
        m.put("permissions", Permission.names(t.permissions()));
        m.put("devices", t.devices());
        m.put("notBefore", t.notBefore().toString());
        m.put("expiry", t.expiry().toString());
        m.put("keyId", t.keyId());
        return m;
    }

    private static String error(HalException e) {
        return e.code() + ": " + e.getMessage();
    }

    /**
     * @param target container/app, bundle id or symbolic name
     * @return the principal
     * @throws HalException NOT_FOUND for an unknown bundle, INVALID_ARGUMENT when it has no principal
     */
    Principal principal(String target) throws HalException {
        if (target.indexOf('/') >= 0) {
            return Principal.parse(target);
        }
        Bundle b = bundle(target);
        Identity id = admin.identity(b);
        return id.principal().orElseThrow(() -> new HalException(ErrorCode.INVALID_ARGUMENT, "bundle " + b.getBundleId()
                + " (" + b.getSymbolicName() + ") has no principal: drop it under deploy/<container>/<app>/ or assign one"
                + " in the principals of configuration " + CapabilityManager.PID));
    }

    /**
     * @param text a bundle id or symbolic name
     * @return the bundle
     * @throws HalException NOT_FOUND naming the text
     */
    Bundle bundle(String text) throws HalException {
        Bundle found = null;
        if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
            try {
                found = context.getBundle(Long.parseLong(text));
            } catch (NumberFormatException e) {
                found = null;
            }
        } else {
            for (Bundle b : context.getBundles()) {
                if (text.equals(b.getSymbolicName())) {
                    found = b;
                    break;
                }
            }
        }
        if (found == null) {
            throw new HalException(ErrorCode.NOT_FOUND, "unknown bundle " + text);
        }
        return found;
    }

    /**
     * @param ttl 30s, 15m, 2h, 7d or ISO-8601
     * @return the expiry instant
     * @throws HalException INVALID_ARGUMENT naming the text
     */
    Instant expiry(String ttl) throws HalException {
        return Instant.now().plus(duration(ttl));
    }

    static Duration duration(String ttl) throws HalException {
        String t = ttl.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("p")) {
                Duration d = Duration.parse(t.toUpperCase(Locale.ROOT));
                if (d.isNegative() || d.isZero()) {
                    throw new HalException(ErrorCode.INVALID_ARGUMENT, "duration must be positive: '" + ttl + "'");
                }
                return d;
            }
            if (t.length() >= 2) {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                if (n > 0) {
                    switch (t.charAt(t.length() - 1)) {
                        case 's': return Duration.ofSeconds(n);
                        case 'm': return Duration.ofMinutes(n);
                        case 'h': return Duration.ofHours(n);
                        case 'd': return Duration.ofDays(n);
                        default: break;
                    }
                }
            }
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            // fall through to the error below
        }
        throw new HalException(ErrorCode.INVALID_ARGUMENT, "not a duration: '" + ttl + "' (use 30s, 15m, 2h, 7d or PT2H)");
    }
}
