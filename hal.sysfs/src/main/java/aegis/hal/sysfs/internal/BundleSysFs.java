package aegis.hal.sysfs.internal;

import java.util.List;
import java.util.Map;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.sysfs.AttributeInfo;
import aegis.hal.sysfs.SysEntry;
import aegis.hal.sysfs.SysFs;

/**
 * The {@link SysFs} object one bundle gets: every call acts as that bundle. Thread-safe.
 */
final class BundleSysFs implements SysFs {
    private final SysFsEngine engine;
    private final Caller caller;

    /**
     * @param engine the engine
     * @param caller the bundle this object belongs to
     */
    BundleSysFs(SysFsEngine engine, Caller caller) {
        this.engine = engine;
        this.caller = caller;
    }

    @Override
    public List<SysEntry> list(String dir) throws HalException {
        return engine.list(caller, dir);
    }

    @Override
    public AttributeInfo stat(String path) throws HalException {
        return engine.stat(caller, nonNull(path));
    }

    @Override
    public Object read(String path) throws HalException {
        return engine.read(caller, nonNull(path));
    }

    @Override
    public String readText(String path) throws HalException {
        return engine.readText(caller, nonNull(path));
    }

    @Override
    public void write(String path, String text) throws HalException {
        engine.write(caller, nonNull(path), text);
    }

    @Override
    public Map<String, Object> tree(String dir) throws HalException {
        return engine.tree(caller, dir);
    }

    @Override
    public List<String> find(String glob) throws HalException {
        return engine.find(caller, glob);
    }

    @Override
    public void changed(String path) throws HalException {
        engine.changed(caller, nonNull(path));
    }

    private static String nonNull(String path) throws HalException {
        if (path == null) {
            throw new HalException(ErrorCode.INVALID_ARGUMENT, "no path given");
        }
        return path;
    }

    @Override
    public String toString() {
        return "SysFs for " + caller;
    }
}
