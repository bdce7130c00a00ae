package io.xlat.examples.daemon;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * SIGHUP handling. The JVM treats SIGHUP like SIGTERM (it runs the shutdown hooks), which would stop a daemon when
 * an operator or a logrotate script sends the conventional "reload" signal. The daemons replace that with their
 * reload (re-read and validate the config file, apply what can change; see {@link DaemonRunner#onHangup}).
 * <p>
 * {@code sun.misc.Signal} lives in the {@code jdk.unsupported} module; it is reached by reflection so the build
 * keeps {@code -Xlint:all -Werror} free of internal-API warnings. When it is missing the default behaviour stays.
 */
public final class Signals
{
    private Signals()
    {
    }

    /**
     * Installs an action for SIGHUP instead of the JVM's shutdown.
     *
     * @param action runs on the JVM's signal thread.
     * @return true when installed, false when the JVM offers no way to (the default stays: SIGHUP stops).
     */
    public static boolean onHangup(final Runnable action)
    {
        try
        {
            final Class<?> signalClass = Class.forName("sun.misc.Signal");
            final Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            final Object signal = signalClass.getConstructor(String.class).newInstance("HUP");
            final InvocationHandler invocation = (final Object proxy, final Method method, final Object[] args) ->
            {
                if ("handle".equals(method.getName()))
                {
                    action.run();
                    return null;
                }
                if ("toString".equals(method.getName()))
                {
                    return "xlat SIGHUP handler";
                }
                if ("hashCode".equals(method.getName()))
                {
                    return System.identityHashCode(proxy);
                }
                if ("equals".equals(method.getName()))
                {
                    return proxy == args[0];
                }
                return null;
            };
            final Object handler = Proxy.newProxyInstance(
                Signals.class.getClassLoader(), new Class<?>[] {handlerClass}, invocation);
            signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
            return true;
        }
        catch (final ReflectiveOperationException | RuntimeException | LinkageError ex)
        {
            return false;
        }
    }
}
