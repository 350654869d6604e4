package aegis.hal.devfs.internal;

import java.util.ArrayList;
import java.util.List;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.capability.api.CapabilityService;
import aegis.hal.capability.api.Permission;
import aegis.hal.capability.api.Subject;
import aegis.hal.devfs.DevFs;
import aegis.hal.devfs.DeviceIo;
import aegis.hal.devfs.Handle;
import aegis.hal.devfs.NodeInfo;

import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

/**
 * The {@link DevFs} of one using bundle: it resolves that bundle's capability subject once and
 * checks it on every listing, open and call. Without the capability service there is no devfs
 * (fail closed).
 */
@Component(service = DevFs.class, scope = ServiceScope.BUNDLE)
public final class DevFsImpl implements DevFs {
    private final NodeTable table;
    private final CapabilityService capabilities;
    private final Subject subject;

    /**
     * @param context      the component context (for the using bundle)
     * @param table        the node table
     * @param capabilities the capability service
     */
    @Activate
    public DevFsImpl(ComponentContext context, @Reference NodeTable table, @Reference CapabilityService capabilities) {
        this(table, capabilities, context.getUsingBundle());
    }

    DevFsImpl(NodeTable table, CapabilityService capabilities, Bundle user) {
        this.table = table;
        this.capabilities = capabilities;
        this.subject = capabilities.subject(user);
    }

    static String normalizeDir(String dir) {
        if (dir == null || dir.isBlank()) {
            return "/dev";
        }
        String d = dir.trim();
        while (d.length() > 1 && d.endsWith("/")) {
            d = d.substring(0, d.length() - 1);
        }
        return d;
    }

    @Override
    public List<NodeInfo> list(String dir) {
        String d = normalizeDir(dir);
        String prefix = d.equals("/") ? "/" : d + "/";
        List<NodeInfo> out = new ArrayList<>();
        for (NodeTable.Node n : table.nodes()) {
            if ((n.path.startsWith(prefix) || n.path.equals(d)) && capabilities.check(subject, n.path, 0)) {
                out.add(table.info(n));
            }
        }
        return out;
    }

    private NodeTable.Node visible(String path) throws HalException {
        NodeTable.Node n = path == null ? null : table.resolve(path);
        if (n == null || !capabilities.check(subject, n.path, 0)) {
            // an invisible node does not exist for this caller
            throw new HalException(ErrorCode.NOT_FOUND, "no device node '" + path + "'");
        }
        return n;
    }

    @Override
    public NodeInfo stat(String path) throws HalException {
        return table.info(visible(path));
    }

    @Override
    public Handle open(String path, Permission... permissions) throws HalException {
        NodeTable.Node n = visible(path);
        int mask = Permission.mask(permissions);
        capabilities.require(subject, n.path, mask);
        n.lock.readLock().lock();
        try {
            long sid = n.driverServiceId;
            NodeTable.DriverEntry d = sid == 0 ? null : table.driver(sid);
            if (d == null || n.device == null) {
                throw new HalException(ErrorCode.DEVICE_GONE, n.path + ": no driver serves device " + n.deviceId);
            }
            if (!(d.driver() instanceof DeviceIo io)) {
                throw new HalException(ErrorCode.UNSUPPORTED, n.path + ": driver " + d.name() + " serves no node I/O");
            }
            return new HandleImpl(n, n.generation, n.device, io, capabilities, subject, mask);
        } finally {
            n.lock.readLock().unlock();
        }
    }
}
