package io.xlat.routing.addrplan;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.xlat.core.addr.Ipv6Prefix;
import io.xlat.routing.json.Json;

/**
 * An RFC 3531 address plan: a provider block (e.g. a /36) divided into levels (e.g. POP /40, site /48, customer
 * /56), each assignment placed in its parent by its level's {@link BitStrategy}.
 * <p>
 * Growth without renumbering: an assignment never changes once made (the n-th child of a parent always gets the
 * same field value), and the sparse bit order keeps the bits next to each level boundary free as long as possible,
 * so a level can later be widened into them (see {@link #usedBits}). A full level is refused with a message naming
 * it. Plans are saved as JSON ({@link #toJson()}) with assignments in address order, so the same plan always gives
 * the same text. Not thread-safe.
 */
public final class AddressPlan
{
    /** The {@code format} value of plan files. */
    public static final String FORMAT = "xlat-addrplan/1";
    /** Widest field a level may have (assignment indexes stay far inside a long). */
    public static final int MAX_FIELD_BITS = 32;
    /** Most assignments a plan file may hold. */
    public static final int MAX_ASSIGNMENTS = 1_000_000;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final Ipv6Prefix provider;
    private final List<PlanLevel> levels;
    private final List<Assignment> assignments = new ArrayList<>();

    private AddressPlan(final Ipv6Prefix provider, final List<PlanLevel> levels)
    {
        this.provider = provider;
        this.levels = List.copyOf(levels);
    }

    static String requireName(final String what, final String value)
    {
        if (value == null || !NAME.matcher(value).matches())
        {
            throw new IllegalArgumentException(what + " '" + value + "' must be 1..64 characters of A-Z a-z 0-9 . _ -");
        }
        return value;
    }

    /**
     * Starts an empty plan.
     *
     * @param provider the provider block.
     * @param levels   levels from the top down, prefix lengths strictly increasing, each field 1..32 bits.
     * @return the plan.
     * @throws IllegalArgumentException naming the bad level.
     */
    public static AddressPlan create(final Ipv6Prefix provider, final List<PlanLevel> levels)
    {
        if (levels.isEmpty())
        {
            throw new IllegalArgumentException("a plan needs at least one level");
        }
        int previous = provider.length();
        String previousName = "provider block " + provider;
        for (int i = 0; i < levels.size(); i++)
        {
            final PlanLevel l = levels.get(i);
            final int width = l.prefixLength() - previous;
            if (width < 1)
            {
                throw new IllegalArgumentException("level " + l.name() + " /" + l.prefixLength()
                    + " must be longer than " + previousName + " (/" + previous + ")");
            }
            if (width > MAX_FIELD_BITS)
            {
                throw new IllegalArgumentException("level " + l.name() + " is " + width + " bits wide (/" + previous
                    + " to /" + l.prefixLength() + "); at most " + MAX_FIELD_BITS);
            }
            for (int j = 0; j < i; j++)
            {
                if (levels.get(j).name().equals(l.name()))
                {
                    throw new IllegalArgumentException("level name " + l.name() + " is given twice");
                }
            }
            previous = l.prefixLength();
            previousName = "level " + l.name();
        }
        return new AddressPlan(provider, levels);
    }

    /**
     * The usual strategies for a number of levels: leftmost for the first, rightmost for the last, centermost
     * between (RFC 3531 section 2); a single level is leftmost.
     *
     * @param level the level's position, 0-based.
     * @param count how many levels.
     * @return the strategy.
     */
    public static BitStrategy defaultStrategy(final int level, final int count)
    {
        if (level == 0)
        {
            return BitStrategy.LEFTMOST;
        }
        return level == count - 1 ? BitStrategy.RIGHTMOST : BitStrategy.CENTERMOST;
    }

    /**
     * The provider block.
     *
     * @return the prefix.
     */
    public Ipv6Prefix provider()
    {
        return provider;
    }

    /**
     * The levels, top down.
     *
     * @return an immutable list.
     */
    public List<PlanLevel> levels()
    {
        return levels;
    }

    /**
     * Every assignment in address order (a parent before its children).
     *
     * @return a sorted copy.
     */
    public List<Assignment> assignments()
    {
        final List<Assignment> sorted = new ArrayList<>(assignments);
        sorted.sort(Comparator.comparing((Assignment a) -> toBig(a.prefix()))
            .thenComparingInt(a -> a.prefix().length()));
        return sorted;
    }

    /**
     * Looks up an assignment.
     *
     * @param level the level name.
     * @param name  the assignment name.
     * @return the assignment, or null.
     */
    public Assignment find(final String level, final String name)
    {
        for (final Assignment a : assignments)
        {
            if (a.level().equals(level) && a.name().equals(name))
            {
                return a;
            }
        }
        return null;
    }

    private int levelIndex(final String level)
    {
        for (int i = 0; i < levels.size(); i++)
        {
            if (levels.get(i).name().equals(level))
            {
                return i;
            }
        }
        final List<String> names = new ArrayList<>();
        for (final PlanLevel l : levels)
        {
            names.add(l.name());
        }
        throw new IllegalArgumentException("no level named '" + level + "' (levels: " + String.join(", ", names)
            + ")");
    }

    /**
     * The field width of a level.
     *
     * @param level the level name.
     * @return bits between the parent level's length and this level's.
     */
    public int width(final String level)
    {
        final int i = levelIndex(level);
        return levels.get(i).prefixLength() - (i == 0 ? provider.length() : levels.get(i - 1).prefixLength());
    }

    /**
     * How many prefixes one parent can give at a level.
     *
     * @param level the level name.
     * @return {@code 2^width}.
     */
    public long capacity(final String level)
    {
        return 1L << width(level);
    }

    /**
     * The children of a parent at a level.
     *
     * @param level  the level name.
     * @param parent the parent's name (empty at the first level).
     * @return in index order.
     */
    public List<Assignment> children(final String level, final String parent)
    {
        final List<Assignment> out = new ArrayList<>();
        for (final Assignment a : assignments)
        {
            if (a.level().equals(level) && a.parent().equals(parent))
            {
                out.add(a);
            }
        }
        out.sort(Comparator.comparingLong(Assignment::index));
        return out;
    }

    /**
     * Which field bits a parent's children use at a level: the free bits at either end are the room that level
     * or its neighbour has to grow without renumbering.
     *
     * @param level  the level name.
     * @param parent the parent's name (empty at the first level).
     * @return one character per field bit, left to right: {@code 1} used, {@code .} free.
     */
    public String usedBits(final String level, final String parent)
    {
        final int w = width(level);
        long used = 0;
        final BitStrategy s = levels.get(levelIndex(level)).strategy();
        for (final Assignment a : children(level, parent))
        {
            used |= s.value(a.index(), w);
        }
        final StringBuilder sb = new StringBuilder(w);
        for (int k = w - 1; k >= 0; k--)
        {
            sb.append((used >>> k & 1) != 0 ? '1' : '.');
        }
        return sb.toString();
    }

    /**
     * Assigns the next prefix of a level under a parent, or returns the existing assignment of that name.
     *
     * @param level  the level name.
     * @param parent the parent's name at the level above; empty or null at the first level.
     * @param name   the new assignment's name, unique within the level.
     * @return the assignment.
     * @throws IllegalArgumentException naming an unknown level or parent, or a name taken under another parent.
     * @throws IllegalStateException    when the level is full under that parent.
     */
    public Assignment assign(final String level, final String parent, final String name)
    {
        final int li = levelIndex(level);
        requireName("assignment name", name);
        final String parentName = parent == null ? "" : parent;
        final Ipv6Prefix parentPrefix = parentPrefix(li, parentName);
        final Assignment existing = find(level, name);
        if (existing != null)
        {
            if (!existing.parent().equals(parentName))
            {
                throw new IllegalArgumentException(level + " " + name + " already exists under "
                    + describeParent(li, existing.parent()));
            }
            return existing;
        }
        if (assignments.size() >= MAX_ASSIGNMENTS)
        {
            throw new IllegalStateException("the plan holds " + MAX_ASSIGNMENTS + " assignments, the most it may");
        }
        final List<Assignment> siblings = children(level, parentName);
        final long capacity = capacity(level);
        if (siblings.size() >= capacity)
        {
            throw new IllegalStateException("level " + level + " is full under " + describeParent(li, parentName)
                + " (" + parentPrefix + "): all " + capacity + " /" + levels.get(li).prefixLength()
                + " prefixes are assigned; widen the level in a new plan or assign under another parent");
        }
        long index = 0;
        for (final Assignment s : siblings)
        {
            if (s.index() != index)
            {
                break;
            }
            index++;
        }
        final Assignment a = new Assignment(level, name, parentName, index, prefixOf(li, parentPrefix, index));
        assignments.add(a);
        return a;
    }

    private String describeParent(final int li, final String parentName)
    {
        return li == 0 ? "the provider block" : levels.get(li - 1).name() + " " + parentName;
    }

    private Ipv6Prefix parentPrefix(final int li, final String parentName)
    {
        if (li == 0)
        {
            if (!parentName.isEmpty())
            {
                throw new IllegalArgumentException("level " + levels.get(0).name() + " is the first level: it has "
                    + "no parent (got '" + parentName + "')");
            }
            return provider;
        }
        final String parentLevel = levels.get(li - 1).name();
        if (parentName.isEmpty())
        {
            throw new IllegalArgumentException("level " + levels.get(li).name() + " needs a parent " + parentLevel);
        }
        final Assignment p = find(parentLevel, parentName);
        if (p == null)
        {
            throw new IllegalArgumentException("no " + parentLevel + " named '" + parentName + "'");
        }
        return p.prefix();
    }

    private Ipv6Prefix prefixOf(final int li, final Ipv6Prefix parentPrefix, final long index)
    {
        final PlanLevel l = levels.get(li);
        final int w = l.prefixLength() - parentPrefix.length();
        final BigInteger field = BigInteger.valueOf(l.strategy().value(index, w)).shiftLeft(128 - l.prefixLength());
        final BigInteger address = toBig(parentPrefix).or(field);
        return Ipv6Prefix.of(address.shiftRight(64).longValue(), address.longValue(), l.prefixLength());
    }

    private static BigInteger toBig(final Ipv6Prefix p)
    {
        return BigInteger.valueOf(p.high()).shiftLeft(64).or(BigInteger.valueOf(p.low()).and(
            BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE))).and(
            BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE));
    }

    /**
     * The plan as JSON: format, provider, levels, then assignments in address order.
     *
     * @return the text; equal plans give equal text.
     */
    public String toJson()
    {
        final Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("provider", provider.toString());
        final List<Object> ls = new ArrayList<>();
        for (final PlanLevel l : levels)
        {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", l.name());
            m.put("prefixLength", l.prefixLength());
            m.put("strategy", l.strategy().label());
            ls.add(m);
        }
        root.put("levels", ls);
        final List<Object> as = new ArrayList<>();
        for (final Assignment a : assignments())
        {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("level", a.level());
            m.put("name", a.name());
            m.put("parent", a.parent());
            m.put("index", a.index());
            m.put("prefix", a.prefix().toString());
            as.add(m);
        }
        root.put("assignments", as);
        return Json.write(root);
    }

    /**
     * Reads a plan saved by {@link #toJson()}, checking every assignment against the plan's rules (its prefix must
     * be the one its parent and index give).
     *
     * @param json the text.
     * @return the plan.
     * @throws IllegalArgumentException naming what is wrong and where.
     */
    public static AddressPlan fromJson(final String json)
    {
        final Object parsed = Json.parse(json);
        if (!(parsed instanceof Map<?, ?> root))
        {
            throw new IllegalArgumentException("plan file: expected a JSON object at the top");
        }
        if (!FORMAT.equals(root.get("format")))
        {
            throw new IllegalArgumentException("plan file: format is " + root.get("format") + ", expected " + FORMAT);
        }
        final Ipv6Prefix provider = Ipv6Prefix.parse(text(root, "provider", "plan file"));
        final List<PlanLevel> levels = new ArrayList<>();
        for (final Object o : list(root, "levels"))
        {
            final Map<?, ?> m = map(o, "level");
            levels.add(new PlanLevel(text(m, "name", "level"), (int)number(m, "prefixLength", "level"),
                BitStrategy.parse(text(m, "strategy", "level"))));
        }
        final AddressPlan plan = create(provider, levels);
        final List<Object> as = list(root, "assignments");
        if (as.size() > MAX_ASSIGNMENTS)
        {
            throw new IllegalArgumentException("plan file: " + as.size() + " assignments, more than "
                + MAX_ASSIGNMENTS);
        }
        for (final Object o : as)
        {
            final Map<?, ?> m = map(o, "assignment");
            final String level = text(m, "level", "assignment");
            final String name = text(m, "name", "assignment");
            final String where = "assignment " + level + " " + name;
            final String parent = text(m, "parent", where);
            final long index = number(m, "index", where);
            final Ipv6Prefix prefix = Ipv6Prefix.parse(text(m, "prefix", where));
            final int li = plan.levelIndex(level);
            requireName("assignment name", name);
            if (plan.find(level, name) != null)
            {
                throw new IllegalArgumentException("plan file: " + where + " appears twice");
            }
            if (index < 0 || index >= plan.capacity(level))
            {
                throw new IllegalArgumentException("plan file: " + where + " index " + index + " is outside 0.."
                    + (plan.capacity(level) - 1));
            }
            for (final Assignment s : plan.children(level, parent))
            {
                if (s.index() == index)
                {
                    throw new IllegalArgumentException("plan file: " + where + " reuses index " + index + " of "
                        + level + " " + s.name());
                }
            }
            final Ipv6Prefix expected = plan.prefixOf(li, plan.parentPrefix(li, parent), index);
            if (!expected.equals(prefix))
            {
                throw new IllegalArgumentException("plan file: " + where + " has prefix " + prefix + " but index "
                    + index + " under its parent gives " + expected);
            }
            plan.assignments.add(new Assignment(level, name, parent, index, prefix));
        }
        return plan;
    }

    private static Map<?, ?> map(final Object o, final String what)
    {
        if (o instanceof Map<?, ?> m)
        {
            return m;
        }
        throw new IllegalArgumentException("plan file: expected an object for each " + what);
    }

    private static List<Object> list(final Map<?, ?> m, final String key)
    {
        final Object v = m.get(key);
        if (v instanceof List<?> l)
        {
            return new ArrayList<>(l);
        }
        throw new IllegalArgumentException("plan file: \"" + key + "\" must be a list");
    }

    private static String text(final Map<?, ?> m, final String key, final String where)
    {
        final Object v = m.get(key);
        if (v instanceof String s)
        {
            return s;
        }
        throw new IllegalArgumentException("plan file: " + where + " needs a string \"" + key + "\"");
    }

    private static long number(final Map<?, ?> m, final String key, final String where)
    {
        final Object v = m.get(key);
        if (v instanceof Long l)
        {
            return l;
        }
        throw new IllegalArgumentException("plan file: " + where + " needs an integer \"" + key + "\"");
    }
}
