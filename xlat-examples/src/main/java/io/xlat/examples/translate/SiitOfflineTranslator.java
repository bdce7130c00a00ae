package io.xlat.examples.translate;

import io.xlat.core.addr.Ipv4Classification;
import io.xlat.core.addr.SiitAddressMapper;
import io.xlat.core.siit.SiitConfig;
import io.xlat.core.siit.SiitTranslator;
import io.xlat.core.siit.TranslationResult;
import io.xlat.core.stats.DropReason;
import io.xlat.core.stats.TranslatorCounters;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * {@code --mode siit}: a {@link SiitTranslator} over a {@link SiitAddressMapper} (pool6 + EAMT).
 */
final class SiitOfflineTranslator implements OfflineTranslator
{
    private static final long WKP_HIGH = 0x0064_ff9b_0000_0000L;

    private final SiitTranslator translator;
    private final SiitAddressMapper mapper;

    SiitOfflineTranslator(final SiitConfig config, final SiitAddressMapper mapper)
    {
        this.translator = new SiitTranslator(config);
        this.mapper = mapper;
    }

    @Override
    public int translate(
        final MutableDirectBuffer buffer, final int offset, final int length, final TranslationResult result)
    {
        return translator.translate(buffer, offset, length, result);
    }

    @Override
    public TranslatorCounters counters()
    {
        return translator.counters();
    }

    @Override
    public boolean droppedByWkpRule(final int verdict, final DirectBuffer buffer, final int offset, final int length)
    {
        final int reason = -verdict;
        if (!mapper.enforcesWkpGlobalRule()
            || (reason != DropReason.UNTRANSLATABLE_SOURCE && reason != DropReason.UNTRANSLATABLE_DESTINATION))
        {
            return false;
        }
        final int version = length > 0 ? (buffer.getByte(offset) & 0xF0) >>> 4 : 0;
        if (version == 4 && length >= 20)
        {
            return !Ipv4Classification.isGlobal(buffer.getInt(offset + 12, ByteOrder.BIG_ENDIAN))
                || !Ipv4Classification.isGlobal(buffer.getInt(offset + 16, ByteOrder.BIG_ENDIAN));
        }
        if (version == 6 && length >= 40)
        {
            return nonGlobalUnderWkp(buffer, offset + 8) || nonGlobalUnderWkp(buffer, offset + 24);
        }
        return false;
    }

    private static boolean nonGlobalUnderWkp(final DirectBuffer buffer, final int addressOffset)
    {
        final long high = buffer.getLong(addressOffset, ByteOrder.BIG_ENDIAN);
        final long low = buffer.getLong(addressOffset + 8, ByteOrder.BIG_ENDIAN);
        return high == WKP_HIGH && (low >>> 32) == 0 && !Ipv4Classification.isGlobal((int)low);
    }

    @Override
    public String describe()
    {
        return "siit, pool6 " + (mapper.pool6() == null ? "none" : mapper.pool6().toString()) + ", "
            + mapper.eamt().size() + " EAMT entries" + (mapper.enforcesWkpGlobalRule() ? ", RFC 6052 3.1 enforced"
            : "");
    }
}
