package multidriver.chaos.target;

import java.util.List;
import multidriver.chaos.cluster.DockerCli;

/** The locally built image a target starts: its {@code image} setting, and the check that it is here. */
final class TargetImage {
    private TargetImage() {
    }

    /** {@code --target-opt image=...}, defaulting to the tag {@code scripts/build_target_image.sh} gives it. */
    static TargetSetting setting(String defaultImage) {
        return new TargetSetting("image", defaultImage, List.of(), "the image to start");
    }

    /** The configured image; an error naming the build command when it is missing (no registry is reachable). */
    static String require(TargetOptions settings, DockerCli docker, String target) {
        String image = settings.get("image");
        if (!docker.run("image", "inspect", image).ok()) {
            throw new IllegalStateException("image " + image + " is not here; build it with"
                    + " scripts/build_target_image.sh " + target + " (no registry is needed)");
        }
        return image;
    }
}
