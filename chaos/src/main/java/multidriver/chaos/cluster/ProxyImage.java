package multidriver.chaos.cluster;

import java.nio.file.Path;

/**
 * Makes sure the reverse proxy's image {@code multi-driver-proxy:latest} exists: built from {@code proxy/Dockerfile}
 * after its local nginx base image ({@code scripts/build_proxy_image.sh}, skipped when present), exactly as
 * {@code scripts/start_docker_cluster.sh} builds it. The proxy image itself is rebuilt every time: it is one COPY
 * (under a second), so a changed {@code proxy/nginx.conf} is never left out.
 */
public final class ProxyImage {
    public static final String IMAGE = "multi-driver-proxy:latest";

    private ProxyImage() {
    }

    public static String ensure(Path repoRoot, DockerCli docker) {
        String base = NodeImage.baseImage(repoRoot.resolve("proxy/Dockerfile"));
        if (!docker.run("image", "inspect", base).ok()) {
            NodeImage.runScript(repoRoot, "scripts/build_proxy_image.sh");
        }
        docker.run("build", "-q", "-t", IMAGE, repoRoot.resolve("proxy").toString()).orThrow();
        docker.run("image", "prune", "-f", "--filter", "label=io.multidriver.image=proxy");
        return IMAGE;
    }
}
