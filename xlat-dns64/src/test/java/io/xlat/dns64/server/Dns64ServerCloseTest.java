package io.xlat.dns64.server;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import io.xlat.dns64.synth.AddressMatchList;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * What a closed server leaves reachable: a reload builds the next server right after closing the old one, in a heap
 * sized for one.
 */
class Dns64ServerCloseTest
{
    /**
     * The JVM keeps a thread as a GC root for a moment after {@code Thread.isAlive()} has turned false (which is all
     * {@code AgentRunner.close()} waits for), and a thread object keeps its task. Holding the thread object here
     * stands for that moment: the closed server's agent, with its buffers, must still be collectable.
     */
    @Test
    void closedServerAgentIsCollectableWhileItsThreadObjectIsStillReachable() throws IOException, InterruptedException
    {
        Dns64Server server = Dns64Server.start(Dns64ServerConfig.builder()
            .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .upstream(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9))
            .allow(AddressMatchList.parse("127.0.0.0/8")).build());
        final WeakReference<Dns64ServerAgent> agent = new WeakReference<>(server.agent());
        Thread thread = server.agentThread();
        for (int i = 0; i < 100 && null == thread; i++)
        {
            Thread.sleep(10);
            thread = server.agentThread();
        }
        assertNotNull(thread);
        server.close();
        server = null;
        for (int i = 0; i < 50 && null != agent.get(); i++)
        {
            System.gc();
            Thread.sleep(20);
        }
        assertNull(agent.get(), "the closed server's agent is still reachable from its thread object " + thread);
    }
}
