package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gantry proc: exact tables against a recording agent, and the real reads against an in-process agent. */
class ProcCommandTest {
    private RecordingAgent agent;

    @BeforeEach
    void start() throws Exception {
        agent = RecordingAgent.start();
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    static final String PROCESSES = """
            [{"pid":1,"ppid":0,"user":"root","uid":0,"name":"systemd","state":"S","threads":1,"rss":12582912,
              "vsize":1,"memoryPercent":0.3,"cpuSeconds":10.0,"cpuPercent":0.5,"nice":0,"priority":20},
             {"pid":812,"ppid":1,"user":"www-data","uid":33,"name":"nginx","state":"R","threads":4,"rss":1048576000,
              "vsize":1,"memoryPercent":12.25,"cpuSeconds":40.0,"cpuPercent":7.25,"nice":0,"priority":20}]
            """;

    @Test
    void memoryShowsSizesAsFreeDoes() {
        agent.on("GET", "/api/v1/proc/memory", 200, """
                {"total":4124913664,"free":216686592,"available":2940301312,"used":1184612352,"buffers":107003904,
                 "cached":2476072960,"shared":1263616,"slab":5814272,"dirty":0,"swapTotal":0,"swapFree":0,"swapUsed":0,
                 "swapCached":0}""");

        Cli.Run run = agent.gantry("proc", "memory");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("""
                Total:       3.8G
                Used:        1.1G
                Free:        207M
                Available:   2.7G
                Buffers:     102M
                Cached:      2.3G
                Shared:      1.2M
                Swap total:  0B
                Swap used:   0B
                Swap free:   0B
                """);
        assertThat(agent.only()).isEqualTo(new RecordingAgent.Request("GET", "/api/v1/proc/memory", ""));
    }

    @Test
    void cpuJoinsCpuinfoWithTimes() {
        agent.on("GET", "/api/v1/proc/cpu", 200, """
                {"count":2,"modelName":"Xeon","processors":[
                 {"processor":0,"vendor":"GenuineIntel","modelName":"Xeon","mhz":2199.998,"physicalId":0,"coreId":0,"flags":["fpu"]},
                 {"processor":1,"vendor":"GenuineIntel","modelName":"Xeon","physicalId":0,"coreId":-1,"flags":["fpu"]}]}""");
        agent.on("GET", "/api/v1/proc/cpu/times", 200, """
                {"userHz":100,"total":{"user":0,"nice":0,"system":0,"idle":0,"iowait":0,"irq":0,"softirq":0,"steal":0,
                 "guest":0,"guestNice":0,"utilisation":0},
                 "cpus":[{"cpu":0,"user":12345,"nice":0,"system":500,"idle":90000,"iowait":0,"irq":0,"softirq":0,
                 "steal":0,"guest":0,"guestNice":0,"utilisation":12.5}],"contextSwitches":1,"interrupts":1,"forks":1,
                 "running":1,"blocked":0,"bootTime":"2026-05-31T10:00:00Z"}""");

        Cli.Run run = agent.gantry("proc", "cpu");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("""
                CPU   MODEL   MHZ    CORE   USER   SYSTEM   IDLE   UTIL
                0     Xeon    2200   0      123s   5s       900s   12.5%
                1     Xeon    -      -      -      -        -      -
                """);
    }

    @Test
    void disksShowsFileSystemsAsDfDoes() {
        agent.on("GET", "/api/v1/proc/disks", 200, """
                {"partitions":[],"fileSystems":[
                 {"source":"/dev/sda1","mountPoint":"/","type":"ext4","options":"rw","readOnly":false,"size":42949672960,
                  "used":10737418240,"available":30064771072,"usedPercent":26.31,"inodes":1,"inodesFree":1},
                 {"source":"server:/x","mountPoint":"/mnt","type":"nfs","options":"rw","readOnly":false}]}""");

        Cli.Run run = agent.gantry("proc", "disks", "--all");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("""
                FILESYSTEM   TYPE   SIZE   USED   AVAIL   USE%   MOUNTED ON
                /dev/sda1    ext4   40G    10G    28G     27%    /
                server:/x    nfs    -      -      -       -      /mnt
                """);
        assertThat(agent.only().target()).isEqualTo("/api/v1/proc/disks?all=true");
    }

    @Test
    void netShowsInterfacesWithStateSpeedAndCounters() {
        agent.on("GET", "/api/v1/proc/net/dev", 200, """
                [{"name":"lo","operState":"unknown","rxBytes":2048,"rxPackets":20,"rxErrors":0,"rxDropped":0,"rxFifo":0,
                  "rxFrame":0,"rxCompressed":0,"rxMulticast":0,"txBytes":2048,"txPackets":20,"txErrors":0,"txDropped":0,
                  "txFifo":0,"txCollisions":0,"txCarrier":0,"txCompressed":0},
                 {"name":"eth0","operState":"up","speedMbps":1000,"rxBytes":5368709120,"rxPackets":7,"rxErrors":1,
                  "rxDropped":2,"rxFifo":0,"rxFrame":0,"rxCompressed":0,"rxMulticast":0,"txBytes":1536,"txPackets":3,
                  "txErrors":0,"txDropped":4,"txFifo":0,"txCollisions":0,"txCarrier":0,"txCompressed":0}]""");

        Cli.Run run = agent.gantry("proc", "net");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("""
                INTERFACE   STATE     SPEED      RX BYTES   RX PACKETS   RX ERRORS   RX DROPPED   TX BYTES   TX PACKETS   TX ERRORS   TX DROPPED
                lo          unknown   -          2.0K       20           0           0            2.0K       20           0           0
                eth0        up        1000Mb/s   5.0G       7            1           2            1.5K       3            0           4
                """);
    }

    @Test
    void arpNamesEntryStates() {
        agent.on("GET", "/api/v1/proc/net/arp", 200, """
                [{"ipAddress":"10.0.0.1","hwType":1,"flags":2,"hwAddress":"52:54:00:12:35:02","mask":"*","device":"eth0"},
                 {"ipAddress":"10.0.0.9","hwType":1,"flags":0,"hwAddress":"00:00:00:00:00:00","mask":"*","device":"eth0"},
                 {"ipAddress":"10.0.0.7","hwType":1,"flags":6,"hwAddress":"52:54:00:12:35:07","mask":"*","device":"eth1"}]""");

        Cli.Run run = agent.gantry("proc", "arp");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("""
                ADDRESS    HWADDRESS           DEVICE   STATE
                10.0.0.1   52:54:00:12:35:02   eth0     complete
                10.0.0.9   00:00:00:00:00:00   eth0     incomplete
                10.0.0.7   52:54:00:12:35:07   eth1     permanent
                """);
    }

    @Test
    void socketsMergeTheChosenProtocolsAndFilterByState() {
        agent.on("GET", "/api/v1/proc/net/tcp", 200, """
                [{"protocol":"tcp","localAddress":"0.0.0.0","localPort":22,"remoteAddress":"0.0.0.0","remotePort":0,
                  "state":"LISTEN","txQueue":0,"rxQueue":0,"uid":0,"inode":100,"pid":640,"command":"sshd"},
                 {"protocol":"tcp","localAddress":"10.0.0.5","localPort":22,"remoteAddress":"10.0.0.1","remotePort":50000,
                  "state":"ESTAB","txQueue":0,"rxQueue":0,"uid":0,"inode":101}]""");
        agent.on("GET", "/api/v1/proc/net/tcp6", 200, """
                [{"protocol":"tcp6","localAddress":"::","localPort":22,"remoteAddress":"::","remotePort":0,
                  "state":"LISTEN","txQueue":0,"rxQueue":0,"uid":0,"inode":102,"pid":640,"command":"sshd"}]""");
        agent.on("GET", "/api/v1/proc/net/unix", 200, """
                [{"type":"stream","state":"LISTEN","path":"/run/x.sock","inode":5,"refCount":2,"pid":1,"command":"systemd"}]""");

        Cli.Run run = agent.gantry("proc", "sockets", "-p", "tcp,tcp6", "--protocol", "unix", "--state", "listen");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("""
                PROTO   STATE    RECV-Q   SEND-Q   LOCAL         PEER        PID   COMMAND
                tcp     LISTEN   0        0        0.0.0.0:22    0.0.0.0:*   640   sshd
                tcp6    LISTEN   0        0        [::]:22       [::]:*      640   sshd
                unix    LISTEN   -        -        /run/x.sock   -           1     systemd
                """);
        assertThat(agent.requests()).extracting(RecordingAgent.Request::target)
                .containsExactly("/api/v1/proc/net/tcp", "/api/v1/proc/net/tcp6", "/api/v1/proc/net/unix");
    }

    @Test
    void anUnknownSocketProtocolIsAUsageError() {
        Cli.Run run = agent.gantry("proc", "sockets", "-p", "sctp");

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_USAGE);
        assertThat(run.err()).contains("sctp");
        assertThat(agent.requests()).isEmpty();
    }

    @Test
    void processesPassFiltersSortAndTop() {
        agent.on("GET", "/api/v1/proc/processes", 200, PROCESSES);

        Cli.Run run = agent.gantry("proc", "processes", "--user", "www-data", "--name", "ng", "--sort", "cpu",
                "--top", "5");

        assertThat(run.exit()).isZero();
        assertThat(agent.only().target()).isEqualTo("/api/v1/proc/processes?user=www-data&name=ng&sort=cpu&top=5");
        assertThat(run.out()).isEqualTo("""
                PID   USER       %CPU   %MEM   RSS     STATE   THREADS   COMMAND
                1     root       0.5    0.3    12M     S       1         systemd
                812   www-data   7.3    12.3   1000M   R       4         nginx
                """);
    }

    @Test
    void aBadSortIsAUsageError() {
        Cli.Run run = agent.gantry("proc", "processes", "--sort", "size");

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_USAGE);
        assertThat(agent.requests()).isEmpty();
    }

    @Test
    void topRedrawsEachIterationAndThenShowsTheIntervalsShare() {
        agent.on("GET", "/api/v1/proc/processes", 200, PROCESSES);
        agent.on("GET", "/api/v1/proc/load", 200, "{\"load1\":0.5,\"load5\":0.25,\"load15\":1,\"running\":1,\"total\":90,\"lastPid\":5}");
        agent.on("GET", "/api/v1/proc/memory", 200, "{\"total\":4294967296,\"used\":1073741824,\"available\":3221225472,"
                + "\"swapUsed\":0,\"swapTotal\":0}");
        agent.on("GET", "/api/v1/proc/uptime", 200, "{\"seconds\":93784.5,\"idleSeconds\":1,\"bootTime\":\"2026-05-30T10:00:00Z\"}");

        Cli.Run run = agent.gantry("proc", "top", "--interval", "0.1", "--iterations", "2", "--top", "1");

        assertThat(run.exit()).isZero();
        String first = ProcCommand.CLEAR + """
                up 1 days, 2:03, load average: 0.50 0.25 1.00, tasks: 2
                memory: 4.0G total, 1.0G used, 3.0G available; swap: 0B used of 0B

                PID   USER       %CPU   %MEM   RSS     STATE   THREADS   COMMAND
                812   www-data   7.3    12.3   1000M   R       4         nginx
                """;
        // The recorded answers do not change, so no process used CPU during the interval: ranked by pid.
        String second = ProcCommand.CLEAR + """
                up 1 days, 2:03, load average: 0.50 0.25 1.00, tasks: 2
                memory: 4.0G total, 1.0G used, 3.0G available; swap: 0B used of 0B

                PID   USER   %CPU   %MEM   RSS   STATE   THREADS   COMMAND
                1     root   0.0    0.3    12M   S       1         systemd
                """;
        assertThat(run.out()).isEqualTo(first + second);
        assertThat(agent.requests()).filteredOn(r -> r.target().startsWith("/api/v1/proc/processes"))
                .extracting(RecordingAgent.Request::target).containsExactly("/api/v1/proc/processes?sort=pid",
                        "/api/v1/proc/processes?sort=pid");
    }

    @Test
    void topRefusesAnIntervalBelowATenth() {
        assertThat(agent.gantry("proc", "top", "--interval", "0").exit()).isEqualTo(Gantry.EXIT_USAGE);
    }

    /** The same commands against a real agent in this JVM, reading this host (reads only). */
    @Test
    void everyCommandWorksAgainstARealAgent(@TempDir Path dir) throws Exception {
        try (TestAgent real = TestAgent.start(dir)) {
            for (List<String> args : List.of(List.of("cpu"), List.of("memory"), List.of("disks"), List.of("net"),
                    List.of("arp"), List.of("sockets"), List.of("processes", "--top", "3"),
                    List.of("top", "--iterations", "1", "--top", "3"))) {
                List<String> all = new java.util.ArrayList<>(List.of("--socket", real.socket.toString(), "proc"));
                all.addAll(args);
                Cli.Run run = Cli.run(all.toArray(String[]::new));
                assertThat(run.exit()).as(args + ": " + run.err()).isZero();
                assertThat(run.out()).as(args.toString()).isNotBlank();
            }
            Cli.Run json = Cli.run("--socket", real.socket.toString(), "proc", "processes", "-o", "json");
            JsonNode list = Json.parse(json.out());
            assertThat(list.findValuesAsText("pid")).contains(Long.toString(ProcessHandle.current().pid()));
            Cli.Run memory = Cli.run("--socket", real.socket.toString(), "proc", "memory", "-o", "json");
            assertThat(Json.parse(memory.out()).get("total").asLong()).isPositive();
        }
    }
}
