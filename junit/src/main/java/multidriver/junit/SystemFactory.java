package multidriver.junit;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.function.Function;
import multidriver.sim.api.SimulatedSystem;
import multidriver.sim.world.Schedule;

/** Turns {@link SimulationTest#system()} into a system per schedule, with a clear error when it cannot be built. */
final class SystemFactory {
    private SystemFactory() {
    }

    static Function<Schedule, SimulatedSystem> of(Class<? extends SimulatedSystem> type, Object testInstance) {
        if (type == SimulatedSystem.class) {
            if (testInstance instanceof SimulatedSystem system) return schedule -> system;
            throw new IllegalArgumentException("@SimulationTest on " + testInstance.getClass().getName()
                    + " names no system: give system = YourSystem.class, or let the test class implement "
                    + SimulatedSystem.class.getName());
        }
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            throw new IllegalArgumentException("@SimulationTest system " + type.getName() + " is abstract");
        }
        if (type.getEnclosingClass() != null && !Modifier.isStatic(type.getModifiers())) {
            throw new IllegalArgumentException("@SimulationTest system " + type.getName()
                    + " is an inner class: make it static so it can be built without the test instance");
        }
        Constructor<? extends SimulatedSystem> perSchedule = constructor(type, Schedule.class);
        Constructor<? extends SimulatedSystem> plain = constructor(type);
        if (perSchedule == null && plain == null) {
            throw new IllegalArgumentException("@SimulationTest system " + type.getName()
                    + " needs a constructor taking a Schedule, or one taking nothing");
        }
        return schedule -> {
            try {
                return perSchedule != null ? perSchedule.newInstance(schedule) : plain.newInstance();
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) throw re;
                if (cause instanceof Error err) throw err;
                throw new IllegalStateException("building " + type.getName() + " failed", cause);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot build " + type.getName() + ": " + e, e);
            }
        };
    }

    private static Constructor<? extends SimulatedSystem> constructor(Class<? extends SimulatedSystem> type,
                                                                      Class<?>... parameters) {
        try {
            Constructor<? extends SimulatedSystem> c = type.getDeclaredConstructor(parameters);
            c.setAccessible(true); // a package-private system next to its test is the usual case
            return c;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
