# The simulator as an image, for sharded campaigns on a cluster (deploy/sim-campaign-job.yaml).
#   mvn -B -q -pl sim -am package -DskipTests && docker build -f deploy/sim.Dockerfile -t multi-driver-sim .
# The base is the same locally built JRE image the nodes use (scripts/build_base_image.sh).
FROM eclipse-temurin:17-jre
COPY sim/target/sim-0.1.0-SNAPSHOT-all.jar /opt/multi-driver/sim.jar
ENTRYPOINT ["java", "-jar", "/opt/multi-driver/sim.jar"]
