// Package deploy holds no code: its tests check the connectors' deployment files
// (examples/*/Dockerfile, Dockerfile.dockerignore and docker-compose.yml), which no
// test could otherwise build here because Docker does not run in CI. They check by
// reading: the Dockerfile builds a package that compiles statically, copies what it
// built into a non-root final image, and the compose fragment is well formed, builds
// with that Dockerfile from the repository root, and sets only variables the programs
// read.
package deploy
