#!/usr/bin/env bash
# Installs the system packages the build and the tests need (Debian 12), when missing.
# libxml2-dev + libclang: XSD validation (the `libxml` crate runs bindgen);
# mono, libjna-java, fpc: the C#, Java and Delphi binding tests; valgrind: the C ABI tests;
# g++: the C++ host of tests/ffi_hosts.rs (a thread_local destructor calling the library).
set -euo pipefail

packages=(mono-mcs mono-runtime fpc libjna-java libxml2-dev libxml2-utils pkg-config
          libclang1-14 libclang-common-14-dev valgrind g++)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all system packages present"
  exit 0
fi

echo "setup: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: run as root or install sudo: apt-get install ${missing[*]}" >&2; exit 2; }
  sudo="sudo"
fi
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${packages[@]}"
