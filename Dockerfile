# The mlops image (Examples/MLOps): the house-prices pipeline's five nodes, one per pod (see
# docs/kubernetes.md). Every step is a scripts/image subcommand, which the test suite runs on a
# machine without Docker (MLOpsTests/ContainerImageTests), so what the image does is tested.
#
#   docker build -t datasetsdk/mlops:latest .
#   docker run --rm --shm-size=2g datasetsdk/mlops:latest run -e shm --params multiplier=1

# Build: the Swift toolchain on Debian 12, the SDK's build dependencies, a release mlops with
# the Swift runtime linked statically.
FROM swift:6.1-bookworm AS build
WORKDIR /src
COPY . .
RUN scripts/image stage /image

# Run: a slim Debian 12 with the runtime libraries only.
FROM debian:bookworm-slim
COPY scripts/image /usr/local/share/datasetsdk/image
RUN /usr/local/share/datasetsdk/image install-runtime
COPY --from=build /image/ /
WORKDIR /app
ENTRYPOINT ["mlops"]
CMD ["run", "-e", "shm"]
