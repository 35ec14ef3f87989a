// Package dockerfile has no code of its own: its tests check the
// repository's Dockerfile and .dockerignore against the rules in
// docs/deploy.md (pinned Go version, cached dependencies, static non-root
// image, exec-form health check, no baked-in secrets), and with
// FAQBOT_DOCKER_BUILD=1 build the binary exactly as the Dockerfile does.
package dockerfile
