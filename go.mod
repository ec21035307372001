module github.com/crosshunt/crosshunt

go 1.26.0
