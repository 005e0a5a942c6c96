#!/bin/sh
# Print the build manifests found in a folder (default: the current folder).
# Output: one line per manifest, "ECOSYSTEM<TAB>FILE". Exit 0 if at least one
# manifest was found, 1 if none, 2 on a usage error.

dir=${1:-.}
if [ ! -d "$dir" ]; then
    echo "list-manifests: not a folder: $dir" >&2
    exit 2
fi
cd "$dir" || exit 2

found=0

report() {
    # $1 = ecosystem, $2 = file name or glob pattern
    for f in $2; do
        [ -e "$f" ] || continue
        printf '%s\t%s\n' "$1" "$f"
        found=1
    done
}

report node package.json
report deno deno.json
report deno deno.jsonc
report python pyproject.toml
report python setup.py
report python setup.cfg
report python requirements.txt
report python Pipfile
report go go.mod
report rust Cargo.toml
report java pom.xml
report jvm build.gradle
report jvm build.gradle.kts
report jvm settings.gradle
report jvm settings.gradle.kts
report scala build.sbt
report ruby Gemfile
report php composer.json
report elixir mix.exs
report swift Package.swift
report dart pubspec.yaml
report dotnet '*.sln'
report dotnet '*.csproj'
report dotnet '*.fsproj'
report haskell stack.yaml
report haskell '*.cabal'
report c-cpp CMakeLists.txt
report c-cpp meson.build
report make Makefile
report make GNUmakefile
report bazel MODULE.bazel
report bazel WORKSPACE
report nix flake.nix
report docker Dockerfile
report docker compose.yaml
report docker docker-compose.yml

if [ "$found" -eq 0 ]; then
    echo "list-manifests: no known build manifest in $dir" >&2
    exit 1
fi
exit 0
